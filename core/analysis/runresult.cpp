#include "runresult.h"

#include <QCoreApplication>
#include <QSet>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace qc {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("RunResult", text);
}

// "1.8", "2", "12": how many times, as a person says it.
QString times(double factor)
{
    if (factor >= 9.95)
        return QString::number(std::round(factor), 'f', 0);
    QString text = QString::number(factor, 'f', 1);
    if (text.endsWith(QStringLiteral(".0")))
        text.chop(2);
    return text;
}

// "2 engines", "4 threads", or "Serial run" for the one-thread mode, which has no workers to count.
QString workersPhrase(const RunTiming &timing)
{
    if (timing.mode == u"serial")
        return tr("Serial run");
    // Without a translation loaded, Qt writes "%n engine(s)" as it is: the plural is chosen here.
    if (timing.mode == u"threads")
        return (timing.engines == 1 ? tr("%1 thread") : tr("%1 threads")).arg(timing.engines);
    return (timing.engines == 1 ? tr("%1 engine") : tr("%1 engines")).arg(timing.engines);
}

} // namespace

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

QString speedInWords(const RunTiming &timing)
{
    const auto speedup = timing.speedup();
    if (!speedup || *speedup <= 0)
        return {};
    // The serial comparison is one thread of this program: for engines, one process.
    const QString one = timing.mode == u"threads" ? tr("one thread") : tr("one process");
    if (std::round(*speedup * 10) > 10)
        return tr("%1 times faster than %2").arg(times(*speedup), one);
    if (std::round(10 / *speedup) > 10)
        return tr("%1 times slower than %2").arg(times(1 / *speedup), one);
    return tr("about as fast as %1").arg(one);
}

QString describeSpeedup(const RunTiming &timing)
{
    const QString who = workersPhrase(timing);
    const QString speed = speedInWords(timing);
    if (speed.isEmpty())
        return tr("%1: finished in %2 s").arg(who).arg(timing.wallSeconds, 0, 'f', timing.wallSeconds < 10 ? 3 : 2);
    if (timing.engines <= 1)
        return tr("%1: %2").arg(who, speed);
    return tr("%1: %2. Perfect sharing would make it %3 times faster; this run got %4 % of that")
        .arg(who, speed)
        .arg(timing.engines)
        .arg(*timing.efficiency() * 100, 0, 'f', 0);
}

QString describeLostEngines(const RunResult &run, LossDetail detail)
{
    if (run.lostEngines.isEmpty())
        return {};
    // "engine 3 (PID 4242 on node1) killed by signal 9", or briefly how each one ended
    const auto ended = [detail](const EngineLoss &engine) {
        if (detail == LossDetail::Brief)
            return tr("engine %1 %2").arg(engine.id).arg(engine.how);
        return engine.host.isEmpty()
            ? tr("engine %1 (PID %2) %3").arg(engine.id).arg(engine.pid).arg(engine.how)
            : tr("engine %1 (PID %2 on %3) %4").arg(engine.id).arg(engine.pid).arg(engine.host, engine.how);
    };
    QStringList ends;
    for (const EngineLoss &engine : run.lostEngines)
        ends.append(ended(engine));
    if (detail == LossDetail::Brief && ends.size() > 3) { // how they ended, not a list of ids
        QStringList hows;
        for (const EngineLoss &engine : run.lostEngines)
            if (!hows.contains(engine.how))
                hows.append(engine.how);
        ends = {hows.join(QStringLiteral("; "))};
    }
    const bool one = run.lostEngines.size() == 1;
    QString text = one
        ? tr("An engine ended during the run: %1.").arg(ends.first())
        : tr("%1 engines ended during the run: %2.").arg(run.lostEngines.size()).arg(ends.join(QStringLiteral("; ")));
    // Whether their work was done after all is read from the results: a task no engine could
    // finish comes back as its files rejected, with the reason.
    if (run.rejectedFiles() == 0)
        text += u' '
            + (one ? tr("Its unfinished tasks were run again on other engines: no file is missing from the results.")
                   : tr(
                       "Their unfinished tasks were run again on other engines: no file is missing from the results."));
    else
        text += u' '
            + (one ? tr("Its unfinished tasks went back to the other engines; files left out are listed with the "
                        "rejected files, with the reason.")
                   : tr("Their unfinished tasks went back to the other engines; files left out are listed with the "
                        "rejected files, with the reason."));
    return text;
}

RunResult resultsForFolders(const RunResult &run, const QStringList &paths)
{
    const QSet<QString> listed(paths.cbegin(), paths.cend());
    RunResult kept;
    kept.timing = run.timing;
    kept.lostEngines = run.lostEngines;
    QSet<QString> names;
    QStringList prefixes;
    for (const SampleResult &sample : run.samples) {
        if (!listed.contains(sample.sample.path))
            continue;
        kept.samples.append(sample);
        names.insert(sample.sample.name);
        prefixes.append(sample.sample.path + u'/');
    }
    for (const TaskTiming &task : run.tasks)
        if (names.contains(task.sample))
            kept.tasks.append(task);
    for (const FileError &error : run.runErrors)
        if (std::any_of(prefixes.cbegin(), prefixes.cend(),
                        [&error](const QString &p) { return error.file.startsWith(p); }))
            kept.runErrors.append(error);
    return kept;
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
