/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fuzz targets of Outbox: each defines the libFuzzer entry point.
 * Built with -Dfuzzing=true (clang) they link libFuzzer; otherwise
 * fuzz-driver.c runs them on their seed corpus and on a bounded number of
 * deterministic mutations of it, as a test of `make check`. */

#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>

G_BEGIN_DECLS

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Inputs longer than this are cut: no accounts file, reply or field of
 * interest is longer, and it keeps every run quick. */
#define FUZZ_MAX_INPUT (64 * 1024)

/* Says what failed and aborts: SIGABRT, which libFuzzer catches to save
 * the input as a crash file (g_error() raises SIGTRAP, which it does not). */
#define fuzz_fail(...) \
  G_STMT_START { g_printerr ("fuzz invariant failed: " __VA_ARGS__); g_printerr ("\n"); abort (); } G_STMT_END

#define fuzz_assert(expr) \
  G_STMT_START { if (G_UNLIKELY (!(expr))) fuzz_fail ("%s", #expr); } G_STMT_END

G_END_DECLS
