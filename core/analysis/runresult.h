// A whole run's results: per-sample merged histograms, who ran what, and the timing.
#pragma once

#include "qc/folderqc.h"
#include "sample.h"
#include "task.h"

#include <QList>
#include <QString>

#include <optional>

namespace qc {

struct EngineRef
{
    int id = -1;
    qint64 pid = 0;
    QString host;
    bool operator==(const EngineRef &) const = default;
};

struct SampleResult
{
    Sample sample;
    PositionHistogram histogram;
    PositionHistogram clearHistogram;  // only the bases inside each read's clear range
    QList<ReadSummary> readSummaries; // sorted by file, records in file order
    int files = 0;
    qint64 reads = 0;
    qint64 bases = 0;
    QList<FileError> errors;
    QList<EngineRef> engines; // every engine that ran part of this sample
    double seconds = 0;       // summed task time

    FolderQc qcSummary(int minQv20 = kDefaultMinQv20) const;
};

struct TaskTiming
{
    quint64 taskId = 0;
    QString sample;
    int engineId = -1;
    qint64 pid = 0;
    qint64 startUs = 0;
    qint64 endUs = 0;
    QString host = {}; // where the engine ran
};

struct RunTiming
{
    QString mode;
    int engines = 0;
    double startupSeconds = 0; // starting and connecting engines, before the run
    double wallSeconds = 0;
    std::optional<double> serialSeconds;

    std::optional<double> idealSeconds() const;
    std::optional<double> speedup() const;
    std::optional<double> efficiency() const;
};

struct RunResult
{
    RunTiming timing;
    QList<SampleResult> samples; // in the order the samples were given
    QList<TaskTiming> tasks;     // in the order they finished
    QList<FileError> runErrors;  // tasks that could not be done at all
    qint64 rejectedFiles() const;
};

// Collects task results as they arrive into one RunResult.
class RunAccumulator
{
public:
    explicit RunAccumulator(const QList<Sample> &samples);
    void add(const TaskResult &result);
    RunResult take(const RunTiming &timing);

private:
    RunResult m_result;
};

} // namespace qc
