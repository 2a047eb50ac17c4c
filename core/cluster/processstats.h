// CPU time and resident memory of a running process, read from Linux's /proc.
#pragma once

#include <QtGlobal>

namespace qc {

struct ProcessStats
{
    double cpuSeconds = 0; // user + system time
    qint64 rssBytes = 0;   // resident set size
    bool valid = false;    // false when the process does not exist or /proc could not be read
};

ProcessStats readProcessStats(qint64 pid);

} // namespace qc
