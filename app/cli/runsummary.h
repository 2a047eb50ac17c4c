// The text `qualcluster analyze` prints: a table of folders and the timing story.
#pragma once

#include "analysis/runresult.h"

QString formatSampleTable(const qc::RunResult &run, int minQv20);
QString formatTiming(const qc::RunResult &run);
QString formatRejectedFiles(const qc::RunResult &run);
