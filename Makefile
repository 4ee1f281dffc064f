# The two commands the README opens with. Everything else is meson.
#   make run    install what is missing, build, start the window
#   make check  install what is missing, build, run every test suite,
#               then again under AddressSanitizer + UBSan

BUILDDIR ?= _build
ASANDIR  ?= _build-asan
MESON_SETUP_ARGS ?= -Dwerror=true

.PHONY: all deps build run check check-asan clean

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
	meson setup $(ASANDIR) -Dwerror=true -Dgui=false -Db_sanitize=address,undefined \
	  -Db_lundef=false -Dbuildtype=debug

check: build
	build-aux/test-session meson test -C $(BUILDDIR) --print-errorlogs
	$(MAKE) check-asan

# intercept_tls_get_addr=0: with GCC 12's LeakSanitizer and glibc 2.36 the
# dynamic TLS of a dlopen()ed module (glib-networking's GnuTLS backend) is
# recorded with a bogus range, and the leak check crashes ("Tracer caught
# signal 11") in every test that makes a TLS handshake.
# fast_unwind_on_malloc=0: GLib has no frame pointers, so without it leak
# stacks stop at g_malloc and tests/lsan.supp cannot match them (e.g. the
# strings G_TEST_OPTION_ISOLATE_DIRS leaks per test); malloc_context_size=10
# keeps that affordable (a full-depth unwind makes a TLS handshake take ~5 s).
check-asan: deps $(ASANDIR)/build.ninja
	meson compile -C $(ASANDIR)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:intercept_tls_get_addr=0:fast_unwind_on_malloc=0:malloc_context_size=10 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  build-aux/test-session meson test -C $(ASANDIR) --print-errorlogs --no-suite gui

clean:
	rm -rf $(BUILDDIR) $(ASANDIR)
