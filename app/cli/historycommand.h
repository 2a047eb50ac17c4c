#pragma once

#include <QStringList>

// `qualcluster history list|show ID|compare A B|delete ID|prune --older-than 30d [--json]`: the
// runs recorded in the run history. Exit status: 0 done, 1 no such run or the history cannot be
// read, 2 usage error.
int runHistoryCommand(const QStringList &arguments);
