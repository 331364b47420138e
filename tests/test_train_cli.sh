#!/bin/sh
# test_train_cli.sh TFSCOPE — `tfscope train` end to end on a tiny model: the same options give
# the same model file for 1 and 2 threads; a run interrupted (SIGINT) and resumed ends with the
# same file as an uninterrupted one; snapshots appear; bad options are refused.
set -u
exe=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
tiny="--task en-ko --d-model 16 --heads 2 --layers 1 --ff 32 --batch 4 --eval-n 5"

"$exe" train $tiny --steps 60 --threads 1 --out "$dir/a.st" 2>"$dir/a.log" || fail "1-thread run: $(tail -3 "$dir/a.log")"
"$exe" train $tiny --steps 60 --threads 2 --out "$dir/b.st" \
    --snapshot-every 20 --snapshot-dir "$dir/snaps" 2>"$dir/b.log" || fail "2-thread run"
cmp -s "$dir/a.st" "$dir/b.st" || fail "1 and 2 threads give different model files"
grep -q "loss" "$dir/a.log" && grep -q "tok/s" "$dir/a.log" && grep -q "ETA" "$dir/a.log" ||
    fail "no progress line"
for s in 000020 000040 000060; do
    [ -f "$dir/snaps/step-$s.safetensors" ] || fail "snapshot step-$s missing"
done
"$exe" inspect "$dir/snaps/step-000040.safetensors" | grep -q "enc.0.self_attn.weights" ||
    fail "snapshot is not a readable trace"
"$exe" inspect "$dir/a.st" | grep -q "training_command" || fail "model lacks its training command"

# interrupted: stop after the first checkpoints, then resume
"$exe" train $tiny --steps 400 --checkpoint-every 10 --out "$dir/c.st" 2>"$dir/c.log" &
pid=$!
i=0
while [ ! -f "$dir/c.st.ckpt" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
kill -INT $pid
wait $pid
rc=$?
if [ $rc -eq 130 ]; then
    [ -f "$dir/c.st" ] && fail "an interrupted run left a model file"
    "$exe" train $tiny --steps 400 --checkpoint-every 10 --out "$dir/c.st" --resume 2>"$dir/c2.log" ||
        fail "resume failed: $(tail -3 "$dir/c2.log")"
    grep -q "resuming" "$dir/c2.log" || fail "resume did not say where it resumed"
else
    echo "note: the run finished before the interrupt (exit $rc)"
fi
"$exe" train $tiny --steps 400 --out "$dir/d.st" 2>/dev/null || fail "uninterrupted run"
cmp -s "$dir/c.st" "$dir/d.st" || fail "resumed run differs from the uninterrupted one"
[ -f "$dir/c.st.ckpt" ] && fail "checkpoint left after a finished run"

# a resume with other options is refused
"$exe" train $tiny --steps 30 --checkpoint-every 10 --out "$dir/e.st" 2>/dev/null
"$exe" train $tiny --steps 30 --out "$dir/f.st" --checkpoint "$dir/none.ckpt" --resume 2>/dev/null
[ $? -eq 2 ] || fail "resume without a checkpoint should exit 2"
"$exe" train --task en-fr --out "$dir/x.st" 2>/dev/null
[ $? -eq 1 ] || fail "unknown task should exit 1"
"$exe" train --task en-ko --out "$dir/x.st" --d-model 30 --heads 8 2>/dev/null
[ $? -eq 1 ] || fail "heads not dividing d-model should exit 1"

echo "$((fails == 0)) passed, $fails failed"
[ $fails -eq 0 ]
