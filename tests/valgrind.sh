#!/bin/sh
# valgrind.sh TFSCOPE MAKE_HOSTILE — tfscope under valgrind's memcheck (issue 16): `lesson list`,
# `lesson check` (the English lessons on the bundled model), a train that is interrupted with its
# checkpoint and then resumed, and a scripted window session (SDL_VIDEODRIVER=offscreen, `view
# --script`). Each must give 0 errors and 0 bytes definitely lost; tests/valgrind.supp holds the
# reports of system libraries (Mesa, the dynamic loader), each with why it is not ours.
# Slow (minutes): meson's "valgrind" suite, not run by default —
#     meson test -C build --setup valgrind --suite valgrind --print-errorlogs
# A plain (not sanitizer) build is needed: valgrind and AddressSanitizer do not run together.
set -u
tfscope=${1:?usage: $0 PATH/TO/tfscope PATH/TO/make_hostile}
hostile=${2:?usage: $0 PATH/TO/tfscope PATH/TO/make_hostile}
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 1; }
name=valgrind
. "$(dirname "$0")/sh_common.sh"

# vg NAME EXPECTED_CODE CMD...: memcheck's report in NAME.log; any error or definite leak makes
# valgrind exit 99, whatever the command's own code
vg() {
    name=$1 want=$2
    shift 2
    start=$(date +%s)
    valgrind --error-exitcode=99 --leak-check=full --show-leak-kinds=definite \
        --errors-for-leak-kinds=definite --keep-debuginfo=yes --num-callers=40 \
        --suppressions="$here/valgrind.supp" --log-file="$name.log" "$@" >"$name.out" 2>"$name.err"
    code=$?
    summary=$(grep -h "ERROR SUMMARY" "$name.log" | tail -1 | sed 's/^==[0-9]*== //')
    lost=$(grep -h "definitely lost:" "$name.log" | tail -1 | sed 's/^==[0-9]*== *//')
    echo "$name: exit $code in $(($(date +%s) - start)) s; ${lost:-definitely lost: 0 bytes}; $summary"
    if [ "$code" -ne "$want" ]; then
        echo "FAIL: $name: exit $code, expected $want"
        sed -n '/^==[0-9]*== [A-Z].*\(Invalid\|uninitialised\|Conditional\|definitely lost in\|Mismatched\|Syscall\)/,/^==[0-9]*== $/p' \
            "$name.log" | head -80
        head -c 600 "$name.err"
        failures=$((failures + 1))
    fi
}

vg lesson_list 0 "$tfscope" lesson list --lang en
vg lesson_check 0 "$tfscope" lesson check --lang en

# train: interrupted once its first checkpoint is written (exit 130), then resumed near the end
# (the checkpoint's step moved to 99,998 of 100,000 so that the resumed run is two steps)
tiny="--task en-ko --d-model 8 --heads 1 --layers 1 --ff 8 --batch 2 --eval-n 0 --steps 100000"
vg train_interrupted 130 "$tfscope" train $tiny --checkpoint-every 2 --out m.st &
pid=$!
i=0
while [ ! -f m.st.ckpt ] && [ $i -lt 6000 ]; do sleep 0.1; i=$((i + 1)); done
sleep 1
kill -INT "$(pgrep -P $pid -f 'train --task' | head -1)" 2>/dev/null || kill -INT $pid
wait $pid
"$hostile" poison m.st.ckpt near.ckpt step=99998 || { echo "FAIL: make_hostile"; failures=$((failures + 1)); }
vg train_resumed 0 "$tfscope" train $tiny --checkpoint near.ckpt --out m.st --resume
[ -f m.st ] || { echo "FAIL: the resumed run wrote no model"; failures=$((failures + 1)); }

# a window session: keys, clicks, the wheel, text, the help, a resize and a screenshot
cat >session.txt <<'EOF'
key Right
key Right
move 300 300
click 400 300
rclick 400 300
wheel 2
key l
key g
key h
key i
key c
key F1
key Escape
key x
text yesterday
resize 900 700
screenshot shot.png
quit
EOF
SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy vg window 0 "$tfscope" view \
    --model "$here/fixtures/ref/post_d8_h1.model.safetensors" --src "s1 s2" --script session.txt
[ -f shot.png ] || { echo "FAIL: the window session took no screenshot"; failures=$((failures + 1)); }

echo "$failures failures"
[ "$failures" -eq 0 ]
