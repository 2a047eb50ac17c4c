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

// An engine that ended while a run went on (killed, crashed, lost): the run says so.
struct EngineLoss
{
    int id = -1;
    qint64 pid = 0;
    QString host;
    QString how; // as the engines table says it: "killed by signal 9", "exited with code 1"...
    bool operator==(const EngineLoss &) const = default;
};

struct SampleResult
{
    Sample sample;
    PositionHistogram histogram;
    PositionHistogram clearHistogram; // only the bases inside each read's clear range
    QList<ReadSummary> readSummaries; // sorted by file, records in file order
    int files = 0;
    qint64 reads = 0;
    qint64 bases = 0;
    QList<FileError> errors;
    QList<EngineRef> engines; // every engine that ran part of this sample
    double seconds = 0; // summed task time

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
    int engines = 0; // working at once, at most: an engine that replaced a dead one is not extra
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
    QList<TaskTiming> tasks; // in the order they finished
    QList<FileError> runErrors; // tasks that could not be done at all
    QList<EngineLoss> lostEngines; // engines that ended during the run, in the order they did
    qint64 rejectedFiles() const;
};

// "1.8 times faster than one process", "3 times slower than one thread", "about as fast as one
// process"; empty without a serial comparison.
QString speedInWords(const RunTiming &timing);
// The run's speedup as a person says it, with its efficiency in words: "4 engines: 1.8 times
// faster than one process. Perfect sharing would make it 4 times faster; this run got 45 % of
// that"; "2 engines: finished in 1.000 s" without a serial comparison.
QString describeSpeedup(const RunTiming &timing);
// "An engine ended during the run: engine 3 (PID 4242 on node1) killed by signal 9." and what
// became of its tasks; empty when no engine ended. Brief leaves out PIDs and hosts (the engines
// table has them), and past three engines names only how they ended.
enum class LossDetail { Full, Brief };
QString describeLostEngines(const RunResult &run, LossDetail detail = LossDetail::Full);
// The part of `run` about the folders at `paths`: their samples, tasks and rejected files. A
// folder is its path, not its name: another folder of the same name has no results yet.
RunResult resultsForFolders(const RunResult &run, const QStringList &paths);

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
