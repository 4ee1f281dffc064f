/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The commands of outboxctl, each called with argv[0] set to its own name. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* outboxctl-accounts.c */
int outboxctl_cmd_list   (int argc, char **argv);
int outboxctl_cmd_show   (int argc, char **argv);
int outboxctl_cmd_add    (int argc, char **argv);
int outboxctl_cmd_edit   (int argc, char **argv);
int outboxctl_cmd_remove (int argc, char **argv);

/* outboxctl-transfer.c */
int outboxctl_cmd_export (int argc, char **argv);
int outboxctl_cmd_import (int argc, char **argv);

/* outboxctl-test.c */
int outboxctl_cmd_test   (int argc, char **argv);
int outboxctl_cmd_probe  (int argc, char **argv);

/* outboxctl-journal.c */
int outboxctl_cmd_history (int argc, char **argv);

/* outboxctl-detect.c */
int outboxctl_cmd_detect (int argc, char **argv);

G_END_DECLS
