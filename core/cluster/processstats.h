// CPU time and resident memory of a running process, read from Linux's /proc.
#pragma once

#include <QtGlobal>

namespace qc {

struct ProcessStats
{
    double cpuSeconds = 0; // user + system time
    qint64 rssBytes = 0; // resident set size
    bool valid = false; // false when the process does not exist or /proc could not be read
};

ProcessStats readProcessStats(qint64 pid);

// When process `pid` started (clock ticks since boot), 0 when it does not run (or is a zombie).
// A PID and its start time name one process: a PID reused later has another start time.
qint64 processStartTicks(qint64 pid);

} // namespace qc
