// Where a parallel run's time went, read from its own task timeline: what the words about its
// speedup rest on, so that they say what was measured and not a guess.
#pragma once

#include "analysis/runresult.h"

#include <QString>

#include <optional>

namespace qc {

struct RunBreakdown
{
    int engines = 0; // engines (or threads) that ran tasks
    double busyShare = 0; // their task time over (first start to last end) x engines
    double meanTaskMs = 0; // a task, start to end
    double meanGapMs = 0; // from one task's end to the next's start on the same engine
    double outsideTasksMs = 0; // of the run's wall time, before the first task and after the last
    // Task time summed over the serial run's wall time: above 1, the same work took longer in
    // parallel than in one process (the workers competed for cores, memory or the disk).
    std::optional<double> workRatio;
};

RunBreakdown breakDown(const RunResult &run);

// Why a run with a serial comparison fell short of the ideal, in words, from its breakdown; empty
// when it came close (efficiency of 85 % or more) or nothing was measured.
QString explainSpeedup(const RunResult &run, int cores);

} // namespace qc
