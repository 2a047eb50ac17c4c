// The smallest whole run: two folders (t1_1, t2_1 under /data/run) of one three-base read each,
// a task each on two hosts. The history tests and the history benchmark fill 10,000 runs with it.
#pragma once

#include "analysis/runresult.h"

#include <vector>

inline qc::RunResult tinyRun()
{
    qc::RunResult run;
    for (int i = 0; i < 2; ++i) {
        qc::SampleResult sample;
        sample.sample.name = QStringLiteral("t%1_1").arg(i + 1);
        sample.sample.path = QStringLiteral("/data/run/t%1_1").arg(i + 1);
        sample.histogram.addRead(std::vector<std::uint8_t>{30, 31, 32});
        sample.reads = 1;
        sample.files = 1;
        run.samples.append(sample);
    }
    run.tasks = {{1, QStringLiteral("t1_1"), 0, 100, 0, 1000, QStringLiteral("node1")},
                 {2, QStringLiteral("t2_1"), 1, 101, 0, 1000, QStringLiteral("node2")}};
    return run;
}
