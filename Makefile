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

check-asan: deps $(ASANDIR)/build.ninja
	meson compile -C $(ASANDIR)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  build-aux/test-session meson test -C $(ASANDIR) --print-errorlogs --no-suite gui

clean:
	rm -rf $(BUILDDIR) $(ASANDIR)
