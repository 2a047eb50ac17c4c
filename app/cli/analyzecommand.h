#pragma once

#include <QStringList>

// `qualcluster analyze [options] PATH...`. Exit status: 0 all files read, 3 some rejected,
// 1 could not run, 2 usage error, 130 interrupted.
int runAnalyzeCommand(const QStringList &arguments);
