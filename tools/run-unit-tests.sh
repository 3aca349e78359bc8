#!/bin/sh
# Runs every cmocka unit-test binary given and prints one closing line: "N passed, N failed" (on
# PostgreSQL when SAMVERKAN_TEST_PG names a server, see tests/unit/temp_store.h).
pass=0; fail=0
for t in "$@"; do
  out=$("$t" 2>&1); rc=$?
  echo "$out" | grep -E '^\[  (FAILED|  PASSED|  ERROR) \]|^\[  FAILED  \]|^\[ +(OK|FAILED) +\]' | grep -v '^\[       OK \]' >/dev/null
  p=$(echo "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
  f=$(echo "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
  if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; fi
  [ $rc -ne 0 ] && echo "$out"
  echo "$(basename "$t"): $p passed, $f failed"
  pass=$((pass+p)); fail=$((fail+f))
done
store=SQLite
[ -n "${SAMVERKAN_TEST_PG:-}" ] && store=PostgreSQL
echo "unit on $store: $pass passed, $fail failed"
[ $fail -eq 0 ]
