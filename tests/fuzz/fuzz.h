/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fuzz targets of Outbox: each defines the libFuzzer entry point.
 * Built with -Dfuzzing=true (clang) they link libFuzzer; otherwise
 * fuzz-driver.c runs them on their seed corpus and on a bounded number of
 * deterministic mutations of it, as a test of `make check`. */

#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Inputs longer than this are cut: no accounts file, reply or field of
 * interest is longer, and it keeps every run quick. */
#define FUZZ_MAX_INPUT (64 * 1024)

/* Aborts with the input's size when an invariant does not hold. */
#define fuzz_assert(expr) \
  G_STMT_START { if (G_UNLIKELY (!(expr))) g_error ("fuzz invariant failed: %s", #expr); } G_STMT_END

G_END_DECLS
