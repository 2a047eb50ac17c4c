#include "runresult.h"

#include <algorithm>

namespace qc {

std::optional<double> RunTiming::idealSeconds() const
{
    if (!serialSeconds || engines <= 0)
        return std::nullopt;
    return *serialSeconds / engines;
}

std::optional<double> RunTiming::speedup() const
{
    if (!serialSeconds || wallSeconds <= 0)
        return std::nullopt;
    return *serialSeconds / wallSeconds;
}

std::optional<double> RunTiming::efficiency() const
{
    const auto s = speedup();
    if (!s || engines <= 0)
        return std::nullopt;
    return *s / engines;
}

FolderQc SampleResult::qcSummary(int minQv20) const
{
    std::vector<ReadQc> reads;
    reads.reserve(std::size_t(readSummaries.size()));
    for (const ReadSummary &read : readSummaries)
        reads.push_back(read.qc);
    return summarizeFolder(reads, minQv20);
}

qint64 RunResult::rejectedFiles() const
{
    qint64 rejected = 0;
    for (const SampleResult &sample : samples)
        rejected += sample.errors.size();
    return rejected + runErrors.size();
}

RunAccumulator::RunAccumulator(const QList<Sample> &samples)
{
    for (const Sample &sample : samples) {
        SampleResult result;
        result.sample = sample;
        result.errors = sample.scanErrors;
        m_result.samples.append(result);
    }
}

void RunAccumulator::add(const TaskResult &task)
{
    m_result.tasks.append({task.taskId, task.sample, task.engineId, task.pid, task.startUs, task.endUs, task.host});
    for (SampleResult &sample : m_result.samples) {
        if (sample.sample.name != task.sample)
            continue;
        sample.histogram.merge(task.histogram);
        sample.clearHistogram.merge(task.clearHistogram);
        sample.readSummaries.append(task.readSummaries);
        sample.files += task.files;
        sample.reads += task.reads;
        sample.bases += task.bases;
        sample.errors.append(task.errors);
        sample.seconds += double(task.endUs - task.startUs) / 1e6;
        const EngineRef engine{task.engineId, task.pid, task.host};
        if (!sample.engines.contains(engine))
            sample.engines.append(engine);
        return;
    }
}

RunResult RunAccumulator::take(const RunTiming &timing)
{
    m_result.timing = timing;
    // Tasks finish in any order; sorted errors make every mode's results compare equal.
    for (SampleResult &sample : m_result.samples) {
        std::sort(sample.errors.begin(), sample.errors.end(),
                  [](const FileError &a, const FileError &b) { return a.file < b.file; });
        // Stable: the reads of one file keep the order they have in it.
        std::stable_sort(sample.readSummaries.begin(), sample.readSummaries.end(),
                         [](const ReadSummary &a, const ReadSummary &b) { return a.file < b.file; });
    }
    return std::move(m_result);
}

} // namespace qc
