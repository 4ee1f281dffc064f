/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The core library's public headers, for the window, outboxctl and tests. */

#pragma once

#include "outbox-types.h"
#include "outbox-enums.h"
#include "outbox-account.h"
#include "outbox-certificate-info.h"
#include "outbox-smtp-error.h"
#include "outbox-smtp-session.h"
#include "outbox-test-message.h"
#include "outbox-test-report.h"
#include "outbox-test-batch.h"
#include "outbox-secrets.h"
#include "outbox-account-json.h"
#include "outbox-account-store.h"
#include "outbox-diagnosis.h"
#include "outbox-fix.h"
#include "outbox-provider.h"
#include "outbox-providers.h"
#include "outbox-autodetect-result.h"
#include "outbox-autodetect.h"
#include "outbox-smtp-error.h"
