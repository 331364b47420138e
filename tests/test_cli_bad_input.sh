#!/bin/sh
# test_cli_bad_input.sh — the tfscope command line on bad input: every malformed model of
# tests/malformed/ (with the message substring EXPECTED.tsv lists), unknown words, empty and
# over-long sentences, unwritable output, bad options, truncated traces. Each must give its exit
# code (2 bad input, 1 usage), a message naming the file or the words at fault, no crash and no
# output file left behind. Not a test of good input (the cmocka suites do that).
#
# usage: test_cli_bad_input.sh PATH/TO/tfscope        (meson passes the built executable)
set -u
tfscope=${1:?usage: $0 PATH/TO/tfscope}
name=bad
. "$(dirname "$0")/sh_common.sh"
good="$here/fixtures/ref/post_d8_h1.model.safetensors"   # max_len 32; words s0..s6, t0..t8
out="$tmp/out.st"

stderr_has() {
    grep -qF -- "$1" "$tmp/err" || fail "stderr lacks \"$1\" ($2)"
}

no_output_left() {
    [ ! -e "$out" ] || fail "$out exists after a failed run ($1)"
    for f in "$out".tmp.*; do
        [ -e "$f" ] && fail "temporary $f left behind ($1)"
    done
    rm -f "$out" "$out".tmp.*
}

# ---- every malformed model file, through trace, translate and inspect
n_files=0
while IFS="$(printf '\t')" read -r file substring; do
    case "$file" in '' | '#'*) continue ;; esac
    n_files=$((n_files + 1))
    m="$here/malformed/$file"
    if run 2 "$tfscope" trace --model "$m" --src "s0 s1" --out "$out"; then
        stderr_has "tfscope: $m: " "trace names the file"
        stderr_has "$substring" "trace on $file"
    fi
    no_output_left "trace --model $file"
    run 2 "$tfscope" translate --model "$m" s0 s1 && stderr_has "tfscope: $m: " "translate"
    run 2 "$tfscope" inspect "$m" && stderr_has "tfscope: $m: " "inspect"
done <"$here/malformed/EXPECTED.tsv"
[ "$n_files" -ge 20 ] || fail "only $n_files malformed files listed in EXPECTED.tsv"

# ---- model files that are not there or not files
run 2 "$tfscope" trace --model "$tmp/absent.safetensors" --src "s0" --out "$out" &&
    stderr_has "tfscope: $tmp/absent.safetensors: " "missing model file"
no_output_left "missing model"
run 2 "$tfscope" trace --model "$tmp" --src "s0" --out "$out" &&
    stderr_has "not a regular file" "model is a folder"
no_output_left "model is a folder"

# ---- bad sentences on a good model
run 2 "$tfscope" trace --model "$good" --src "s0 blorp s1 zork" --out "$out" &&
    { stderr_has "'blorp'" "unknown source words named"; stderr_has "'zork'" "unknown source words named"; }
no_output_left "unknown source words"
run 2 "$tfscope" trace --model "$good" --src "" --out "$out" && stderr_has "empty" "empty --src"
no_output_left "empty --src"
run 2 "$tfscope" trace --model "$good" --src "   " --out "$out" && stderr_has "empty" "blank --src"
no_output_left "blank --src"
long="s0"
i=1
while [ $i -lt 33 ]; do long="$long s$((i % 7))"; i=$((i + 1)); done   # 33 words, max_len 32
run 2 "$tfscope" trace --model "$good" --src "$long" --out "$out" &&
    { stderr_has "33" "source length stated"; stderr_has "at most 32" "source limit stated"; }
no_output_left "source too long"
run 2 "$tfscope" trace --model "$good" --src "s0 s1" --tgt "t0 nope t1" --out "$out" &&
    stderr_has "'nope'" "unknown target word named"
no_output_left "unknown --tgt word"
longt="t0"
i=1
while [ $i -lt 32 ]; do longt="$longt t$((i % 9))"; i=$((i + 1)); done  # 32 words + <bos> = 33
run 2 "$tfscope" trace --model "$good" --src "s0 s1" --tgt "$longt" --out "$out" &&
    stderr_has "at most 32" "target limit stated"
no_output_left "target too long"
run 2 "$tfscope" translate --model "$good" s0 flurb s2 && stderr_has "'flurb'" "translate names the word"
printf 's0 s1\nfoo s2\n\n' >"$tmp/lines"
run 2 sh -c '"$1" translate --model "$2" <"$3"' sh "$tfscope" "$good" "$tmp/lines" &&
    { stderr_has "line 2" "translate names the line"; stderr_has "'foo'" "translate names the word"; }

# ---- output that cannot be written; an existing output survives a failed run
run 2 "$tfscope" trace --model "$good" --src "s0 s1" --out /nonexistent/dir/x.st &&
    stderr_has "/nonexistent/dir/x.st" "unwritable output named"
echo keep >"$out"
run 2 "$tfscope" trace --model "$good" --src "s0 zork" --out "$out"
[ "$(cat "$out")" = keep ] || fail "a failed run changed the existing $out"
rm -f "$out"

# ---- usage errors
run 1 "$tfscope" trace --model "$good" --src "s0" --out "$out" --bogus
no_output_left "unknown option"
run 1 "$tfscope" trace --model "$good" --out "$out" && stderr_has "--src" "missing --src"
no_output_left "missing --src"
run 1 "$tfscope" trace --model "$good" --src "s0"
run 1 "$tfscope" trace --model "$good" --src "s0" --out "$out" --threads 0
no_output_left "bad --threads"
run 1 "$tfscope" frobnicate

# ---- interventions (post_d8_h1: 1 encoder and 1 decoder layer, 1 head): bad specs name the
# valid range; decoding commands refuse --no-mask; a trace keeps those it was made with
for spec in enc.1.0 dec.0.1 cross.-1.0 self.0.0 enc.0 "enc.0.0,"; do
    run 2 "$tfscope" trace --model "$good" --src "s0 s1" --ablate "$spec" --out "$out" &&
        stderr_has "--ablate" "bad --ablate $spec"
    no_output_left "--ablate $spec"
done
run 2 "$tfscope" trace --model "$good" --src "s0" --ablate enc.3.0 --out "$out" &&
    stderr_has "encoder layers 0 to 0" "the valid layers are named"
run 2 "$tfscope" trace --model "$good" --src "s0" --ablate cross.0.2 --out "$out" &&
    stderr_has "heads 0 to 0" "the valid heads are named"
no_output_left "--ablate out of range"
run 2 "$tfscope" translate --model "$good" --ablate dec.5.0 s0 s1 && stderr_has "decoder layers" "translate --ablate"
run 2 "$tfscope" translate --model "$good" --no-mask s0 s1 && stderr_has "--no-mask" "translate refuses --no-mask"
run 2 "$tfscope" eval --model "$good" --no-mask --n 1 && stderr_has "--no-mask" "eval refuses --no-mask"
run 1 "$tfscope" eval --ablate-each --no-pos --n 1 && stderr_has "--ablate-each" "one head at a time"
run 1 "$tfscope" eval --csv "$out" --n 1 && stderr_has "--ablate-each" "--csv without --ablate-each"
run 1 "$tfscope" trace --model "$good" --src "s0" --tgt "t0" --beam 2 --out "$out" &&
    stderr_has "--tgt" "--beam with --tgt"
run 1 "$tfscope" trace --model "$good" --src "s0" --beam 0 --out "$out"
no_output_left "bad --beam"
if run 0 "$tfscope" trace --model "$good" --src "s0 s1" --no-pos --no-mask --ablate cross.0.0 \
    --beam 2 --out "$tmp/iv.st"; then
    run 0 "$tfscope" inspect "$tmp/iv.st"
    grep -qF "interventions: ablate cross.0.0; no-pos; no-mask" "$tmp/out.txt" ||
        fail "inspect lists the interventions"
    grep -qF "beam search: K = 2" "$tmp/out.txt" || fail "inspect shows the beam search"
    run 1 "$tfscope" export --trace "$tmp/iv.st" --no-pos --out "$tmp/x.png" &&
        stderr_has "interventions apply" "export --trace with interventions"
fi

# ---- traces: fuzzer reproducers, a truncated one, a model given where a trace is expected
for f in "$here"/fuzz/corpus/trace/repro_*; do
    [ -e "$f" ] || continue
    run 2 "$tfscope" inspect "$f" && stderr_has "tfscope: $f: " "trace reproducer $(basename "$f")"
done
if run 0 "$tfscope" trace --model "$good" --src "s0 s1 s2" --tgt "t0 t1" --out "$tmp/ok.st"; then
    run 0 "$tfscope" inspect "$tmp/ok.st"
    size=$(wc -c <"$tmp/ok.st")
    for cut in 7 100 $((size / 2)) $((size - 1)); do
        head -c "$cut" "$tmp/ok.st" >"$tmp/cut.st"
        run 2 "$tfscope" inspect "$tmp/cut.st" && stderr_has "tfscope: $tmp/cut.st: " "truncated trace ($cut bytes)"
    done
    run 2 "$tfscope" trace --model "$tmp/ok.st" --src "s0" --out "$out" &&
        stderr_has "tfscope: $tmp/ok.st: " "a trace is not a model"
    no_output_left "trace given as model"
fi

# ---- compare and the difference figure: two traces, shapes that differ, missing files
if run 0 "$tfscope" trace --model "$good" --src "s0 s1 s2" --tgt "t0 t1" --out "$tmp/a.st" &&
    run 0 "$tfscope" trace --model "$good" --src "s0 s1 s2" --tgt "t0 t1" --ablate enc.0.0 \
        --out "$tmp/b.st" &&
    run 0 "$tfscope" trace --model "$good" --src "s0 s1" --tgt "t0 t1" --out "$tmp/short.st"; then
    trace_out=$out
    out="$tmp/fig.png"
    run 0 "$tfscope" compare "$tmp/a.st" "$tmp/a.st"
    grep -qF "A and B are identical" "$tmp/out.txt" || fail "compare of a trace with itself"
    run 0 "$tfscope" compare "$tmp/a.st" "$tmp/b.st"
    grep -qF "First difference: enc.0.self_attn.context" "$tmp/out.txt" ||
        fail "compare names the first step an ablation changes"
    run 0 "$tfscope" compare "$tmp/a.st" "$tmp/short.st"
    grep -qF "have different shapes in A and B (A has 3 source" "$tmp/out.txt" ||
        fail "compare says the shapes differ"
    if run 0 "$tfscope" trace --model "$good" --src "s0 s1 s2" --tgt "t0" --out "$tmp/cut.st"; then
        run 0 "$tfscope" compare "$tmp/a.st" "$tmp/cut.st"
        grep -qF "compared over their first 2 positions" "$tmp/out.txt" ||
            fail "compare aligns a shorter decoder input of the same source"
        grep -qF "hold the same values wherever both have them" "$tmp/out.txt" ||
            fail "a shorter decoder input agrees over the positions it has"
        run 0 "$tfscope" export --view diff --trace "$tmp/a.st" --trace-b "$tmp/cut.st" \
            --tensor dec.0.self_attn.weights --head 0 --out "$tmp/al.csv"
        [ "$(wc -l <"$tmp/al.csv")" -eq 3 ] || fail "the aligned difference has the 2 shared positions"
    fi
    run 2 "$tfscope" compare "$tmp/a.st" "$tmp/none.st" && stderr_has "$tmp/none.st" "compare: missing B"
    run 2 "$tfscope" compare "$good" "$tmp/a.st" && stderr_has "$good" "compare: a model is not a trace"
    run 1 "$tfscope" compare "$tmp/a.st" && stderr_has "two trace files" "compare: one file"
    run 2 "$tfscope" export --view diff --trace "$tmp/a.st" --trace-b "$tmp/short.st" \
        --tensor enc.0.norm1 --out "$out" && stderr_has "differ in shape" "diff of different shapes"
    no_output_left "diff of different shapes"
    run 2 "$tfscope" export --view diff --trace "$tmp/a.st" --trace-b "$tmp/none.st" \
        --tensor enc.0.norm1 --out "$out" && stderr_has "$tmp/none.st" "diff: missing B"
    no_output_left "diff: missing B"
    run 2 "$tfscope" export --view diff --trace "$tmp/a.st" --trace-b "$tmp/b.st" \
        --tensor enc.0.nrm1 --out "$out" && stderr_has "closest: enc.0.norm1" "diff: unknown tensor"
    no_output_left "diff: unknown tensor"
    run 1 "$tfscope" export --view diff --trace "$tmp/a.st" --out "$out" &&
        stderr_has "--trace-b" "diff without B"
    run 1 "$tfscope" export --trace "$tmp/a.st" --trace-b "$tmp/b.st" --out "$out" &&
        stderr_has "--view diff" "--trace-b without the diff view"
    no_output_left "diff usage"
    run 0 "$tfscope" export --view diff --trace "$tmp/a.st" --trace-b "$tmp/b.st" \
        --tensor enc.0.self_attn.weights --out "$tmp/d.csv"
    grep -q "^head," "$tmp/d.csv" || fail "diff CSV has a header"
    # the logit lens needs the trace's own model; it names no tensor
    run 2 env TFSCOPE_MODEL="$tmp/none.st" "$tfscope" export --view lens --trace "$tmp/a.st" --out "$out" &&
        stderr_has "$tmp/none.st" "lens: the model is missing"
    run 2 "$tfscope" export --view lens --trace "$tmp/a.st" --model "$here/fixtures/ref/post_d16_h2_tied_nonorm.model.safetensors" \
        --out "$out" && stderr_has "not of this model" "lens: a trace of another model"
    no_output_left "lens of another model"
    run 2 "$tfscope" export --view lens --trace "$tmp/a.st" --model "$good" --tensor enc.0.norm1 \
        --out "$out" && stderr_has "no --tensor" "lens with --tensor"
    run 2 "$tfscope" export --view lens --trace "$tmp/a.st" --model "$good" --head 0 --out "$out" &&
        stderr_has "no heads" "lens with --head"
    no_output_left "lens options"
    run 0 "$tfscope" export --view lens --trace "$tmp/a.st" --model "$good" --out "$tmp/l.csv"
    grep -q "^dec.0.norm3,0," "$tmp/l.csv" || fail "lens CSV has the model's output point"
    # the beam tree needs a trace that kept its search
    run 2 "$tfscope" export --view beam --trace "$tmp/a.st" --out "$out" &&
        stderr_has "holds no beam search" "beam of a teacher-forced trace"
    no_output_left "beam without a search"
    run 1 "$tfscope" export --view beam --trace "$tmp/a.st" --beam 2 --out "$out" &&
        stderr_has "--beam" "--beam with --trace"
    run 1 "$tfscope" export --view beam --model "$good" --src "s0 s1" --beam 0 --out "$out"
    run 2 "$tfscope" export --view beam --model "$good" --src "s0 s1" --token 1 --out "$out" &&
        stderr_has "no tokens to select" "beam with --token"
    no_output_left "beam options"
    run 0 "$tfscope" export --view beam --model "$good" --src "s0 s1" --beam 2 --out "$tmp/b.csv"
    grep -q "^entry,step,parent,token" "$tmp/b.csv" || fail "beam CSV has its header"
    grep -q ",finished,1" "$tmp/b.csv" || fail "beam CSV marks the chosen, finished hypothesis"
    out=$trace_out
fi

# ---- lessons in the window: bad options, and no display (the lesson can still be read as text)
run 1 "$tfscope" view --page 2 && stderr_has "go with --lesson" "--page without --lesson"
run 1 "$tfscope" view --lesson four && stderr_has "lesson number" "a lesson that is not a number"
run 2 env XDG_STATE_HOME="$tmp/state" "$tfscope" view --lesson last &&
    stderr_has "no lesson has been opened yet" "--lesson last before any lesson"
run 2 env -u DISPLAY -u WAYLAND_DISPLAY XDG_STATE_HOME="$tmp/state" "$tfscope" lesson 4 --lang en &&
    stderr_has "--text" "lesson N without a display points to --text"
run 0 "$tfscope" lesson 4 --lang ko --text --page 2

echo "$checks checks, $n_files malformed files, $failures failures"
[ "$failures" -eq 0 ]
