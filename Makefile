# The two commands the README opens with. Everything else is meson.
#   make run    install what is missing, build, start the window
#   make check  install what is missing, build, run every test suite,
#               then all of them again under AddressSanitizer + UBSan
#               (the window's too), then each fuzz
#               target under libFuzzer for a few seconds
#   make fuzz   run each fuzz target under libFuzzer for FUZZ_SECONDS (60)
#   make check-slow  the crash-safety test with 1000 kills
#   make check-valgrind  the core, store and SMTP suites under valgrind
#   make bench  the benchmarks of bench/README.md (round trips against
#               msmtp, swaks and curl; 10,000 accounts); not part of check

BUILDDIR ?= _build
ASANDIR  ?= _build-asan
FUZZDIR  ?= _build-fuzz
MESON_SETUP_ARGS ?= -Dwerror=true
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 10
FUZZ_TARGETS = fuzz-reply fuzz-capabilities fuzz-json fuzz-fields

.PHONY: all deps build run check check-asan check-asan-gui check-fuzz check-slow check-valgrind fuzz bench clean

all: build

deps:
	@build-aux/install-deps

$(BUILDDIR)/build.ninja:
	meson setup $(BUILDDIR) $(MESON_SETUP_ARGS)

build: deps $(BUILDDIR)/build.ninja
	meson compile -C $(BUILDDIR)

run: build
	build-aux/run-uninstalled $(BUILDDIR) outbox

$(ASANDIR)/build.ninja:
	meson setup $(ASANDIR) -Dwerror=true -Db_sanitize=address,undefined \
	  -Db_lundef=false -Dbuildtype=debug

# Each program of the window's suite runs in a session of its own
# (build-aux/own-session says why).
check: build
	build-aux/test-session meson test -C $(BUILDDIR) --print-errorlogs --no-suite gui
	meson test -C $(BUILDDIR) --print-errorlogs --suite gui \
	  --wrapper $(CURDIR)/build-aux/own-session
	$(MAKE) check-asan
	$(MAKE) check-fuzz

# intercept_tls_get_addr=0: with GCC 12's LeakSanitizer and glibc 2.36 the
# dynamic TLS of a dlopen()ed module (glib-networking's GnuTLS backend) is
# recorded with a bogus range, and the leak check crashes ("Tracer caught
# signal 11") in every test that makes a TLS handshake.
# fast_unwind_on_malloc=0: GLib has no frame pointers, so without it leak
# stacks stop at g_malloc and tests/lsan.supp cannot match them (e.g. the
# strings G_TEST_OPTION_ISOLATE_DIRS leaks per test); malloc_context_size=10
# keeps that affordable (a full-depth unwind makes a TLS handshake take ~5 s).
# G_SLICE=always-malloc: GSlice hands out GObjects (a GTask, say) from its own
# slabs, where a leaked one stays reachable and LeakSanitizer cannot see it.
# Every suite runs with it, the keyring, cli and gui ones too (libsecret's
# lost D-Bus replies are suppressed in tests/lsan.supp, with the reason).
# GSK_RENDERER=cairo: the window's suite draws with cairo; with GL (mesa's
# llvmpipe under Xvfb) every GTK test hangs under ASan.
# OUTBOX_TEST_WAIT_SECONDS: the window's tests wait up to 60 s (not 10) for
# what they expect; loading 3000 accounts takes that long under ASan. They
# run after the others, not beside them: a GTK test under ASan takes a core,
# and the SMTP tests measure time.
ASAN_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:intercept_tls_get_addr=0:fast_unwind_on_malloc=0:malloc_context_size=10 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0

check-asan: deps $(ASANDIR)/build.ninja
	@# A build directory set up before the window's suite ran under ASan.
	meson configure $(ASANDIR) -Dgui=true
	meson compile -C $(ASANDIR)
	G_SLICE=always-malloc $(ASAN_ENV) \
	  build-aux/test-session meson test -C $(ASANDIR) --print-errorlogs \
	    --no-suite gui --timeout-multiplier=3
	$(MAKE) check-asan-gui

# The window's suite under ASan + UBSan, each program in a session of its
# own (build-aux/own-session says why).
check-asan-gui: deps $(ASANDIR)/build.ninja
	meson configure $(ASANDIR) -Dgui=true
	meson compile -C $(ASANDIR)
	G_SLICE=always-malloc GSK_RENDERER=cairo OUTBOX_TEST_WAIT_SECONDS=60 $(ASAN_ENV) \
	  meson test -C $(ASANDIR) --print-errorlogs --suite gui \
	    --wrapper $(CURDIR)/build-aux/own-session --timeout-multiplier=2

# libFuzzer needs clang; the fuzzing build has only outboxctl and the
# targets of tests/fuzz (see tests/fuzz/fuzz.h), all under ASan + UBSan.
$(FUZZDIR)/build.ninja:
	CC=clang meson setup $(FUZZDIR) -Dwerror=true -Dgui=false -Dfuzzing=true \
	  -Db_sanitize=address,undefined -Db_lundef=false

# Each target starts from its seed corpus (tests/fuzz/corpus/TARGET, copied)
# and what earlier runs found ($(FUZZDIR)/corpus/TARGET, where new inputs go);
# a crash is kept as $(FUZZDIR)/crashes/TARGET-* and stops the run. Leaks
# are not checked here: per input, GLib's one-time allocations look like
# leaks, and at exit the stacks are too short (GLib has no frame pointers)
# for tests/lsan.supp to match. A leak that grows still ends the run (the
# 2 GB memory limit); check-asan runs the same targets with full leak
# checking, and check-valgrind under memcheck.
fuzz: deps $(FUZZDIR)/build.ninja
	meson compile -C $(FUZZDIR)
	@mkdir -p $(FUZZDIR)/crashes
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZDIR)/corpus/$$t; \
	  cp tests/fuzz/corpus/$$t/* $(FUZZDIR)/corpus/$$t/; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  G_SLICE=always-malloc ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:intercept_tls_get_addr=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  $(FUZZDIR)/tests/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=16384 \
	    -detect_leaks=0 -print_final_stats=1 -artifact_prefix=$(FUZZDIR)/crashes/$$t- \
	    $(FUZZDIR)/corpus/$$t 2>$(FUZZDIR)/$$t.log \
	  || { tail -n 60 $(FUZZDIR)/$$t.log; exit 1; }; \
	  grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' $(FUZZDIR)/$$t.log; \
	done

# Valgrind's memcheck over the core, store and SMTP suites: a definite leak
# fails the test (exit status 99). Slow: a TLS handshake takes seconds.
VALGRIND = valgrind --leak-check=full --errors-for-leak-kinds=definite \
	--show-leak-kinds=definite --error-exitcode=99 --num-callers=30 \
	--suppressions=$(CURDIR)/tests/valgrind.supp
check-valgrind: build
	G_SLICE=always-malloc build-aux/test-session meson test -C $(BUILDDIR) --print-errorlogs \
	  --suite unit --suite store --suite smtp --wrapper "$(VALGRIND)" --timeout-multiplier=10

# The long runs: 1000 kills of a process saving accounts (test-store).
check-slow: build
	build-aux/test-session meson test -C $(BUILDDIR) --print-errorlogs --suite store \
	  --test-args=-m=slow --timeout-multiplier=10

check-fuzz:
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)

# The benchmarks (bench/README.md). They install the other SMTP clients
# they compare with (install-deps --bench) and keep their tables in
# $(BUILDDIR)/bench-*.txt as well. BENCH_RUNS runs of each figure.
BENCH_RUNS ?= 5
bench: build
	@build-aux/install-deps --bench
	meson compile -C $(BUILDDIR) bench/bench-scale bench/bench-concurrency bench/bench-window-test
	build-aux/test-session /usr/bin/python3 bench/roundtrips.py $(BUILDDIR) --runs $(BENCH_RUNS) \
	  --json $(BUILDDIR)/bench-roundtrips.json | tee $(BUILDDIR)/bench-roundtrips.txt
	build-aux/test-session /usr/bin/python3 bench/scale.py $(BUILDDIR) --runs $(BENCH_RUNS) \
	  --json $(BUILDDIR)/bench-scale.json | tee $(BUILDDIR)/bench-scale.txt
	/usr/bin/python3 bench/concurrency.py $(BUILDDIR) --runs 3 \
	  --json $(BUILDDIR)/bench-concurrency.json | tee $(BUILDDIR)/bench-concurrency.txt
	build-aux/test-session /usr/bin/python3 bench/window.py $(BUILDDIR) --runs 3 --settle 1000 \
	  --json $(BUILDDIR)/bench-window.json | tee $(BUILDDIR)/bench-window.txt

clean:
	rm -rf $(BUILDDIR) $(ASANDIR) $(FUZZDIR)
