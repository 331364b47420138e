#!/bin/sh
# test_rss.sh TFSCOPE MAKE_HOSTILE SANITIZED — the inputs under 20 MB that took the most memory
# (issue 16: no command past 400 MB), run with the address space limited to 400 MB (prlimit): each
# is refused with exit 2 and a message that names its limit, never "out of memory" or a crash.
# SANITIZED=1 (AddressSanitizer reserves terabytes of address space for its shadow): the same runs
# without the limit, so that they are still checked for the exit code, the message and reports.
set -u
tfscope=${1:?usage: $0 PATH/TO/tfscope PATH/TO/make_hostile SANITIZED}
hostile=${2:?usage: $0 PATH/TO/tfscope PATH/TO/make_hostile SANITIZED}
sanitized=${3:-0}
name=rss
. "$(dirname "$0")/sh_common.sh"
limit() { if [ "$sanitized" = 1 ]; then "$@"; else prlimit --as=$((400 << 20)) -- "$@"; fi; }

# refused WHAT MESSAGE CMD...: exit 2, the message on stderr, no sanitizer report
refused() {
    what=$1 want=$2
    shift 2
    limit timeout 300 "$@" >out.txt 2>err
    code=$?
    if [ "$code" -ne 2 ] || ! grep -qF -- "$want" err || grep -qE 'Sanitizer|runtime error:' err; then
        echo "FAIL: $what: exit $code, expected 2 with \"$want\""
        head -c 600 err
        failures=$((failures + 1))
    fi
}

# runs WHAT CMD...: exit 0 within the limit, no sanitizer report
runs() {
    what=$1
    shift
    limit timeout 300 "$@" >out.txt 2>err
    code=$?
    if [ "$code" -ne 0 ] || grep -qE 'Sanitizer|runtime error:|out of memory' err; then
        echo "FAIL: $what: exit $code, expected 0"
        head -c 600 err
        failures=$((failures + 1))
    fi
}

model="$here/fixtures/ref/post_d8_h1.model.safetensors"
cp "$model" m.st
"$hostile" steps 5000000 steps.st
refused "a 15 MB trace of 5,000,000 steps" "one step for each stored tensor at most" "$tfscope" inspect steps.st
refused "the same, in export" "one step for each stored tensor at most" \
    "$tfscope" export --trace steps.st --view matrix --tensor x --out x.png
"$hostile" tensors 70000 tensors.st
refused "a 4 MB header of 70,000 tensors" "the limit is 65536 tensors" "$tfscope" inspect tensors.st
# a model that accepts 65,536 tokens and a sentence of 20,000 (60 KB): 9 GB of attention
"$hostile" poison m.st long.st max_len=65536
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "s0 "; print "" }' >long.txt
refused "a 20,000-token sentence" "(TF_MAX_TRACE_BYTES)" sh -c '"$1" translate --model long.st <long.txt' sh "$tfscope"
# a 1,600-token sentence that this model translates into 1,650 tokens, its trace near the limit:
# beam search kept a trace for each of 2K hypotheses (8 beams: 775 MB)
awk 'BEGIN { for (i = 0; i < 1600; i++) printf "s2 "; print "" }' >s2.txt
runs "beam search of 8 on a 1,600-token sentence" sh -c '"$1" translate --model long.st --beam 8 <s2.txt' sh "$tfscope"
[ "$(wc -w <out.txt)" -eq 1650 ] || { echo "FAIL: the beam search gave $(wc -w <out.txt) tokens, not 1,650"; failures=$((failures + 1)); }
# the window on that sentence with every what-if key pressed and every view shown: it held the
# run, the unchanged run, B, the kept run, the lens, the search and their figures (708 MB)
printf 'key %s\n' b k w f c i h l g m s a d c k c x >whatif.script
n=1600
[ "$sanitized" = 1 ] && n=400   # the same keys on a shorter sentence: minutes otherwise
src=$(awk -v n=$n 'BEGIN { for (i = 0; i < n; i++) printf "s2 " }')
runs "the window's what-if keys on a 1,600-token sentence" env SDL_VIDEODRIVER=offscreen \
    "$tfscope" view --model long.st --src "$src" --software --script whatif.script
# a 1 MB lesson of 7,000 distinct sentences, 250 try-it suggestions a block: every suggestion's
# trace was kept until the block was done (573 MB)
mkdir -p S/en
blocks=28 per=250
[ "$sanitized" = 1 ] && blocks=1 per=40   # 250 sentences take 18 s under the sanitizers
awk -v blocks=$blocks -v per=$per 'BEGIN {
    n = split("the chair is more comfortable my friend and mother read book it in this spirit " \
              "that majority of american governments have passed new laws since making " \
              "registration or voting process difficult", w, " ")
    print "# Sentences"
    for (b = 0; b < blocks; b++) {
        printf "\n## P%d\n\n```tfscope\ntry: type one\n", b
        for (i = 0; i < per; i++) {
            x = b * per + i
            printf "suggest:"
            for (j = 0; j < 21; j++) { printf " %s", w[x % n + 1]; x = int(x / n) + 3 * j + 1 }
            print ""
        }
        print "```"
    }
}' >S/en/01-sentences.md
runs "lesson check of a 1 MB lesson of distinct sentences" "$tfscope" lesson check --dir S --lang en
# a 10 KB lesson of 250 claims, each with other heads off: every claim's run was kept until the
# block was done (534 MB)
mkdir -p C/en
claims=250
[ "$sanitized" = 1 ] && claims=40
awk -v claims=$claims 'BEGIN {
    print "# Claims\n\n## P0\n\n```tfscope\nsentence: the chair is more comfortable .\nsay: {1}"
    for (a = 0; a < 48 && k < claims; a++)
        for (b = a + 1; b < 48 && k < claims; b++) {
            printf "claim: with ablate enc.%d.%d,enc.%d.%d output contains 다\n", a / 8, a % 8, b / 8, b % 8
            k++
        }
    print "```"
}' >C/en/01-claims.md
runs "lesson check of 250 claims with other heads off" "$tfscope" lesson check --dir C --lang en
# 20 lessons of 1 MB, each of 6,000 tfscope blocks (an 11 KB scene each: 1.5 GB before the limit)
mkdir -p L/en
awk 'BEGIN { print "# Blocks"; for (i = 0; i < 6000; i++) printf "\n## P%d\n\n```tfscope\ntensor: src.x\n```\n", i }' >L/en/01-blocks.md
n=20
[ "$sanitized" = 1 ] && n=2   # the sanitizers parse 20 of them in minutes; two show the same
i=2
while [ $i -le $n ]; do cp L/en/01-blocks.md "L/en/$(printf %02d $i)-blocks.md"; i=$((i + 1)); done
refused "20 MB of lessons" "(TF_MAX_LESSON_DIRECTIVES)" "$tfscope" lesson list --dir L --lang en

echo "$failures failures"
[ "$failures" -eq 0 ]
