#!/bin/sh
# test_hostile.sh TFSCOPE MAKE_HOSTILE — tfscope attacked as a careless or hostile user would
# attack it (issue 16): outputs that name an input under other spellings, outputs that are one
# file, symlinks, FIFOs, devices and folders as outputs and as inputs, standard output, long
# names, modes, poisoned checkpoints, files that claim more than they hold. Each case gives its
# exit code (1 usage, 2 bad input or file), a message that names what is wrong, no crash, no
# sanitizer report, no file destroyed and no temporary left behind. MAKE_HOSTILE writes the
# poisoned files (tests/make_hostile.c). Not a test of good input.
set -u
tfscope=${1:?usage: $0 PATH/TO/tfscope PATH/TO/make_hostile}
hostile=${2:?usage: $0 PATH/TO/tfscope PATH/TO/make_hostile}
name=hostile
. "$(dirname "$0")/sh_common.sh"
model="$here/fixtures/ref/post_d8_h1.model.safetensors"   # words s0..s6, t0..t8

says() { grep -qF -- "$1" err || fail "stderr lacks \"$1\" ($2)"; }
same() { cmp -s "$1" "$2" || fail "$1 was changed ($3)"; }
no_temporaries() {
    left=$(find "${1:-.}" -name '.*.??????' -o -name '*.tmp.*' | head -3)
    [ -z "$left" ] || fail "temporaries left behind: $left ($2)"
}
mode_of() { stat -c %a "$1"; }

mkdir d sub
# m.st, and other names of it; made again after each case, so that one failure does not hide the
# next ones
reset() {
    rm -f m.st hard.st sym.st sym2.st
    cp "$model" m.st
    ln m.st hard.st
    ln -s m.st sym.st
    ln -s sym.st sym2.st
}
reset
T="$tfscope"

# ---- 1. an output that names an input, under every spelling: refused before any work
for spelling in m.st ./m.st d/../m.st hard.st sym.st sym2.st "$tmp/m.st" .//m.st; do
    run 1 "$T" trace --model m.st --src s0 --out "$spelling" && says "is the same file as the input --model m.st" "trace --out $spelling"
    same m.st "$model" "trace --out $spelling"
    reset
    run 1 "$T" trace --model "$spelling" --src s0 --out m.st && says "is the same file as the input --model" "trace --model $spelling"
    same m.st "$model" "trace --model $spelling --out m.st"
    reset
done
run 0 "$T" trace --model m.st --src s0 --out t.st
cp t.st t.orig
for spelling in t.st ./t.st d/../t.st; do
    run 1 "$tfscope" export --trace t.st --view matrix --tensor src.x --out "$spelling" &&
        says "is the same file as the input --trace t.st" "export --out $spelling"
    same t.st t.orig "export --out $spelling"
    cp t.orig t.st
done
run 1 "$tfscope" export --model m.st --src s0 --view matrix --tensor src.x --out ./m.st
same m.st "$model" "export over its model"
reset
# standard output redirected to the model, named through /proc (what /dev/stdout links to): no
# system path is written by this test whatever state /dev is in
run 1 sh -c '"$1" trace --model m.st --src s0 --out /proc/self/fd/1 >>m.st' sh "$tfscope"
same m.st "$model" "trace --out /proc/self/fd/1 appended to its own model"
reset

# ---- 2. train: the model, the checkpoint and the snapshots are different files
tiny="--task en-ko --d-model 8 --heads 1 --layers 1 --ff 8 --batch 2 --eval-n 0 --steps 2"
cp "$model" X
for pair in "X X" "X ./X" "./X d/../X" "$tmp/X X"; do
    set -- $pair
    run 1 "$tfscope" train $tiny --checkpoint "$1" --out "$2" &&
        says "is the same file as --out" "train --checkpoint $1 --out $2"
    same X "$model" "train --checkpoint $1 --out $2"
    cp "$model" X
done
run 1 "$tfscope" train $tiny --checkpoint fresh --out ./fresh && says "each output needs a file" "fresh names"
[ -e fresh ] && fail "train --checkpoint fresh --out ./fresh left a file"
run 1 "$tfscope" train $tiny --checkpoint X --out X --resume
same X "$model" "train --resume --checkpoint X --out X"
run 1 "$tfscope" train $tiny --snapshot-every 1 --snapshot-dir S --out S && says "--snapshot-dir S" "snapshot dir = out"
run 1 "$tfscope" train $tiny --snapshot-every 1 --snapshot-dir d --out d/step-000001.safetensors &&
    says "a snapshot of --snapshot-dir d would replace it" "out among the snapshots"
run 1 "$tfscope" train $tiny --snapshot-every 1 --snapshot-dir d --out ok.st --checkpoint ./d/../d/step-000002.safetensors
run 1 "$tfscope" train $tiny --out - && says "cannot write to standard output" "train --out -"
run 2 "$tfscope" train $tiny --snapshot-every 1 --snapshot-dir m.st --out ok.st && says "is not a folder" "snapshot dir is a file"
same m.st "$model" "snapshot dir is the model"

# ---- 3. what an output is: symlink followed, FIFO and devices written through, - is stdout
echo old >target.st
chmod 600 target.st
ln -s target.st link.st
run 0 "$T" trace --model m.st --src s0 --out link.st
[ -L link.st ] || fail "the symlink --out was replaced by a file"
[ "$(mode_of target.st)" = 600 ] || fail "the target's mode 600 became $(mode_of target.st)"
"$tfscope" inspect target.st >/dev/null 2>&1 || fail "the symlink's target is not the trace"
ln -s sub/made.st dangling.st
run 0 "$T" trace --model m.st --src s0 --out dangling.st
[ -f sub/made.st ] && [ -L dangling.st ] || fail "a dangling symlink's target was not made"
umask 027
run 0 "$T" trace --model m.st --src s0 --out masked.st
umask 022
[ "$(mode_of masked.st)" = 640 ] || fail "a new file ignores the umask (mode $(mode_of masked.st))"
mkfifo fifo
cat fifo >from_fifo &
reader=$!
run 0 "$T" trace --model m.st --src s0 --out fifo
wait $reader
[ -p fifo ] || fail "the FIFO --out was replaced"
cmp -s from_fifo t.st || fail "what came through the FIFO is not the trace"
run 0 "$T" trace --model m.st --src s0 --out /dev/null
[ -c /dev/null ] || fail "/dev/null is no longer a device"
run 0 "$T" trace --model m.st --src s0 --out - && cmp -s out.txt t.st || fail "trace --out - is not the trace on standard output"
says "-: " "trace --out - reports on stderr"
run 0 "$tfscope" export --trace t.st --view matrix --tensor src.x --out - --format svg &&
    grep -q "<svg" out.txt || fail "export --out - --format svg wrote no SVG to standard output"
xmllint --noout out.txt 2>>err || fail "export --out - --format svg is not well-formed XML"
# tokens that hold bytes F5-FF, U+FFFF (which XML 1.0 forbids) and markup, in the model's own
# vocabulary: every view's SVG is well-formed
"$hostile" poison m.st nasty.st "src_vocab=$(printf '["<pad>","<unk>","<bos>","<eos>","a\365\377b","\357\277\277","x&<y>","s3","s4","s5","s6"]')"
nasty_src=$(printf 'a\365\377b \357\277\277 x&<y>')
for v in "matrix --tensor enc.0.self_attn.weights" "lines --layer 0" grid arch lens; do
    out="nasty_${v%% *}.svg"
    run 0 "$tfscope" export --model nasty.st --src "$nasty_src" --view $v --out "$out" &&
        { xmllint --noout "$out" 2>>err || fail "the ${v%% *} view's SVG is not well-formed XML"; }
done
run 1 "$tfscope" export --trace t.st --view matrix --tensor src.x --out - && says "--format" "export - without --format"
run 2 "$T" trace --model m.st --src s0 --out d && says "is a folder" "--out a folder"
run 2 "$T" trace --model m.st --src s0 --out no/such/dir/x.st && says "no/such/dir" "--out in a missing folder"
no_temporaries . "outputs"
# a predictable temporary of the old kind is not followed
ln -s m.st "p.st.tmp.12345"
run 0 "$T" trace --model m.st --src s0 --out p.st
same m.st "$model" "old temporary name followed"
rm p.st.tmp.12345
# names up to NAME_MAX (255 bytes) are written; the checkpoint's default name stays within it
long=$(printf 'a%.0s' $(seq 1 251))
run 0 "$T" trace --model m.st --src s0 --out "$long" && [ -f "$long" ] || fail "a 251-byte --out"
long=$(printf 'b%.0s' $(seq 1 255))
run 0 "$T" trace --model m.st --src s0 --out "$long" && [ -f "$long" ] || fail "a 255-byte --out"
run 0 "$tfscope" train $tiny --out "$long" || fail "train --out of 255 bytes"
no_temporaries . "long names"
echo keep >kept.st
chmod 600 kept.st
run 0 "$T" trace --model m.st --src s0 --out kept.st
[ "$(mode_of kept.st)" = 600 ] || fail "a replaced file's mode 600 became $(mode_of kept.st)"

# ---- 7. inputs that are not regular files: refused at once (exit 2), never read from
mkfifo in_fifo
run 2 "$T" trace --model in_fifo --src s0 --out x.st && says "not a regular file (a FIFO)" "--model FIFO"
run 2 "$tfscope" inspect in_fifo && says "not a regular file" "inspect FIFO"
run 2 "$tfscope" export --trace in_fifo --out x.png && says "not a regular file" "--trace FIFO"
run 2 "$T" trace --model /dev/zero --src s0 --out x.st && says "not a regular file (a device)" "--model /dev/zero"
run 2 "$tfscope" train $tiny --checkpoint in_fifo --out r.st --resume && says "not a regular file" "checkpoint FIFO"
mkdir -p state/tfscope
mkfifo state/tfscope/progress
run 2 env XDG_STATE_HOME="$tmp/state" "$tfscope" view --lesson last && says "not a regular file" "progress FIFO"
[ -e x.st ] && fail "a refused input left x.st"

# ---- 5. --resume of a poisoned checkpoint
"$tfscope" train $tiny --steps 100000 --checkpoint-every 5 --out c.st 2>/dev/null &
pid=$!
i=0
while [ ! -f c.st.ckpt ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
kill -INT $pid
wait $pid
cp c.st.ckpt good.ckpt
for what in "weights-nan:holds NaN" "adam-m-inf:holds Inf" "adam-v-negative:negative second moment" \
    "step=-1:metadata 'step'" "step=1e9:metadata 'step'" "step=100001:past this run's 100000 steps" \
    "d_model=16:does not match the configuration"; do
    "$hostile" poison good.ckpt bad.ckpt "${what%%:*}" || fail "make_hostile ${what%%:*}"
    run 2 "$T" train $tiny --steps 100000 --checkpoint bad.ckpt --out r.st --resume && says "${what#*:}" "resume ${what%%:*}"
    [ -e r.st ] && fail "a refused resume wrote r.st"
done
run 2 "$tfscope" train --task en-ko --d-model 16 --heads 1 --layers 1 --ff 8 --batch 2 --eval-n 0 \
    --steps 100000 --checkpoint good.ckpt --out r.st --resume && says "d_model 8, not 16" "another config"
"$hostile" poison good.ckpt near.ckpt step=99995
run 0 "$T" train $tiny --steps 100000 --checkpoint near.ckpt --out r.st --resume &&
    says "resuming near.ckpt at step 99995" "a good checkpoint resumes"
[ -f r.st ] && [ ! -e near.ckpt ] || fail "a resumed run left no model, or its checkpoint"

# ---- 6. files that claim more than they hold: refused, not reserved
"$hostile" steps 5000000 steps.st
run 2 "$tfscope" inspect steps.st && says "one step for each stored tensor at most" "5,000,000 steps"
"$hostile" tensors 70000 tensors.st
run 2 "$tfscope" inspect tensors.st && says "the limit is 65536 tensors" "70,000 tensors"

# a small model that accepts 65,536 tokens: a long sentence is refused before its trace is reserved
# (TF_MAX_TRACE_BYTES), in trace, translate (standard input) and export
"$hostile" poison m.st long.st max_len=65536
words=$(awk 'BEGIN { for (i = 0; i < 2000; i++) printf "s0 " }')
run 2 "$T" trace --model long.st --src "$words" --out l.st && says "the limit is 64 MB (TF_MAX_TRACE_BYTES)" "trace, long"
echo "$words" >long_src.txt
run 2 sh -c '"$1" translate --model long.st <long_src.txt' sh "$tfscope" && says "(TF_MAX_TRACE_BYTES)" "translate, long"
run 2 "$tfscope" export --model long.st --src "$words" --view lens --out l.png && says "(TF_MAX_TRACE_BYTES)" "export, long"
[ -e l.st ] || [ -e l.png ] && fail "a refused long sentence left an output"

# ---- 8. lessons as untrusted input: nesting, sizes, continuations, widget ranges, NUL bytes
lesson() {  # lesson DIR NAME: stdin is the lesson's body after its title and first page
    mkdir -p "$1/en"
    { printf '# Hostile\n\n## Page\n\n'; cat; } >"$1/en/$2"
}
awk 'BEGIN { for (i = 0; i < 100000; i++) printf ">"; print " deep" }' | lesson L1 01-quotes.md
awk 'BEGIN { for (i = 0; i < 5000; i++) { for (j = 0; j < i; j++) printf "  "; print "- x" } }' | head -c 900000 | lesson L2 01-lists.md
awk 'BEGIN { for (i = 0; i < 60000; i++) printf "*a "; printf "x"; for (i = 0; i < 60000; i++) printf "b* "; print "" }' | lesson L3 01-inline.md
for d in L1 L2 L3; do
    for cmd in "list" "1 --text" "check --lang en"; do
        run 2 "$tfscope" lesson $cmd --dir $d && says "(TF_MAX_LESSON_DEPTH)" "lesson $cmd, $d nested"
    done
done
printf '```tfscope\nvariance: dk=4096,4096,4096,4096,4096,4096,4096,4096,4096,4096,4096,4096 samples=100000 from=enc.0.self_attn\n```\n' | lesson L4 01-variance.md
run 2 "$tfscope" lesson 1 --text --dir L4 && says "the limit is 8000000 (TF_MAX_VARIANCE_WORK)" "variance work"
printf '```tfscope\nvariance: dk=4 samples=1000000\n```\n' | lesson L5 01-variance.md
run 2 "$tfscope" lesson 1 --text --dir L5 && says "samples=N (100-100000)" "variance samples"
{ printf '```tfscope\nsay: hello\n'; awk 'BEGIN { for (i = 0; i < 200000; i++) print "  x" }'; printf '```\n'; } | lesson L6 01-cont.md
run 2 "$tfscope" lesson 1 --text --dir L6 && says "longer than 4096 bytes with its continuation lines" "continuations"
{ printf '```tfscope\n'; awk 'BEGIN { for (i = 0; i < 10000; i++) print "highlight: a" }'; printf '```\n'; } | lesson L7 01-fields.md
run 2 "$tfscope" lesson 1 --text --dir L7 && says "(TF_MAX_DIRECTIVE_FIELDS)" "fields"
awk 'BEGIN { for (i = 0; i < 300000; i++) print "some text" }' | lesson L8 01-big.md
run 2 "$tfscope" lesson list --dir L8 --lang en && says "the limit is 1048576" "a lesson over 1 MB"
awk 'BEGIN { for (i = 0; i < 600; i++) printf "## P%d\n\n```tfscope\ntensor: src.x\n```\n\n", i }' | lesson L13 01-blocks.md
run 2 "$tfscope" lesson list --dir L13 --lang en && says "the limit is 512 (TF_MAX_LESSON_DIRECTIVES)" "blocks"
printf 'a\0b\n' | lesson L9 01-nul.md
run 2 "$tfscope" lesson list --dir L9 --lang en && says "NUL byte" "a NUL byte"
mkdir -p L10/en && mkfifo L10/en/01-fifo.md
run 2 "$tfscope" lesson list --dir L10 --lang en && says "not a regular file (a FIFO)" "a FIFO lesson"
printf 'Text.\n' | lesson L11 01-ok.md
printf '```tfscope\nview: nonsense\n```\n' | lesson L11 02-bad.md
run 2 "$tfscope" lesson 2 --text --dir L11 --lang en && says "02-bad.md:6" "lesson --text with an error exits 2"
run 0 "$tfscope" lesson 1 --text --dir L11 --lang en

run 1 "$tfscope" eval --n 100001 && says "100000" "eval --n past its limit"

# ---- 9. window scripts as untrusted input: long lines, split characters, huge waits, FIFOs
# (leaks not counted here: SDL's drivers keep allocations to the end, as in the window tests)
view() { run "$1" env SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy ASAN_OPTIONS=detect_leaks=0 "$tfscope" view --model m.st --src s1 --script "$2"; }
{ printf 'key Right\ntext '; awk 'BEGIN { for (i = 0; i < 9000; i++) printf "a"; print "" }'; printf 'screenshot never.png\n'; } >long.txt
view 2 long.txt && says "long.txt:2: the line is 9005 bytes; the limit is 8191" "a long script line"
[ -e never.png ] && fail "the tail of a long script line was run"
printf 'text \365\365\365\365\365\365\365\365\365\365\365\365\365\365\365\365\365\365\365\365\365\365\365\365\365\365\365\365\360\ntext ab\360\237\nquit\n' >utf8.txt
view 0 utf8.txt
printf 'wait 2000000000\n' >wait.txt
view 2 wait.txt && says "wait.txt:1: wait needs MS (0..600000)" "a huge wait"
printf 'key Right\nclick 99999999999 1\n' >click.txt
view 2 click.txt && says "click.txt:2: click needs X Y" "an out-of-range click"
mkfifo script_fifo
view 2 script_fifo && says "not a regular file (a FIFO)" "a FIFO script"

# ---- a snapshot folder past TF_MAX_SNAPSHOTS (4,096 files): refused, naming the folder and the
# limit, in the window (--snapshots) and in a lesson that shows it (not read up to the limit)
mkdir -p L12/en/many
i=0
while [ $i -le 4096 ]; do : >L12/en/many/step-$i.safetensors; i=$((i + 1)); done
printf 'quit\n' >quit.txt
run 2 env SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy ASAN_OPTIONS=detect_leaks=0 "$tfscope" view \
    --model m.st --src s1 --snapshots L12/en/many --script quit.txt &&
    says "L12/en/many holds more than 4096 snapshots, the limit (TF_MAX_SNAPSHOTS)" "view --snapshots"
printf '```tfscope\nsnapshots: many\nsnapshot: first\ntensor: src.x\n```\n' | lesson L12 01-snaps.md
run 2 "$tfscope" lesson check --dir L12 --lang en &&
    says "01-snaps.md:7: L12/en/many holds more than 4096 snapshots, the limit" "lesson check, snapshots"

echo "$checks checks, $failures failures"
[ "$failures" -eq 0 ]
