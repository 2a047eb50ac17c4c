#include "runsummary.h"

#include "analysis/runbreakdown.h"

#include <QStringList>
#include <QThread>

namespace {

QString engineColumn(const qc::SampleResult &sample)
{
    QStringList pids;
    for (const qc::EngineRef &engine : sample.engines)
        pids.append(engine.id >= 0 ? QString::number(engine.pid) : QStringLiteral("%1 (in-process)").arg(engine.pid));
    return pids.join(QLatin1Char(','));
}

} // namespace

QString formatSampleTable(const qc::RunResult &run, int minQv20)
{
    QString text = QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9\n")
                       .arg(QStringLiteral("FOLDER"), -16)
                       .arg(QStringLiteral("READS"), 7)
                       .arg(QStringLiteral("BASES"), 10)
                       .arg(QStringLiteral("REJECTED"), 8)
                       .arg(QStringLiteral("FAILED QC"), 9)
                       .arg(QStringLiteral("MED QV20+"), 9)
                       .arg(QStringLiteral("MED CRL"), 7)
                       .arg(QStringLiteral("SECONDS"), 8)
                       .arg(QStringLiteral("ENGINE PID"));
    for (const qc::SampleResult &sample : run.samples) {
        const qc::FolderQc qc = sample.qcSummary(minQv20);
        text += QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9\n")
                    .arg(sample.sample.name, -16)
                    .arg(sample.reads, 7)
                    .arg(sample.bases, 10)
                    .arg(sample.errors.size(), 8)
                    .arg(qc.failedReads, 9)
                    .arg(qc.medianQv20, 9, 'f', 1)
                    .arg(qc.medianCrl, 7, 'f', 1)
                    .arg(sample.seconds, 8, 'f', 3)
                    .arg(engineColumn(sample));
    }
    return text + QStringLiteral("(a read fails QC with fewer than %1 bases of quality 20 or more)\n").arg(minQv20);
}

QString formatTiming(const qc::RunResult &run)
{
    const qc::RunTiming &t = run.timing;
    const bool one = t.engines == 1;
    const QString workers = t.mode == u"serial" ? QStringLiteral("thread")
        : t.mode == u"threads"                  ? (one ? QStringLiteral("thread") : QStringLiteral("threads"))
                                                : (one ? QStringLiteral("engine") : QStringLiteral("engines"));
    QString text = QStringLiteral("mode %1, %2 %3: %4 s wall")
                       .arg(t.mode)
                       .arg(t.engines)
                       .arg(workers)
                       .arg(t.wallSeconds, 0, 'f', 3);
    if (t.startupSeconds > 0)
        text += QStringLiteral(" (engines started and connected in %1 s before that)").arg(t.startupSeconds, 0, 'f', 3);
    text += u'\n';
    if (t.serialSeconds) {
        text += QStringLiteral("serial %1 s, ideal (serial / %2) %3 s, speedup %4x, efficiency %5 %\n")
                    .arg(*t.serialSeconds, 0, 'f', 3)
                    .arg(t.engines)
                    .arg(*t.idealSeconds(), 0, 'f', 3)
                    .arg(*t.speedup(), 0, 'f', 2)
                    .arg(*t.efficiency() * 100, 0, 'f', 0);
        text += qc::describeSpeedup(t) + QStringLiteral(".\n");
        if (const QString why = qc::explainSpeedup(run, QThread::idealThreadCount()); !why.isEmpty())
            text += why + u'\n';
    }
    // An engine that died is said where the run is, not only in the cluster's log.
    if (const QString lost = qc::describeLostEngines(run); !lost.isEmpty())
        text += lost + u'\n';
    return text;
}

QString formatRejectedFiles(const qc::RunResult &run)
{
    QString text;
    const auto describe = [&text](const qc::FileError &error) {
        const QString where = error.line > 0 ? QStringLiteral(":%1").arg(error.line)
            : error.offset >= 0              ? QStringLiteral(" at byte %1").arg(error.offset)
                                             : QString();
        text += QStringLiteral("rejected %1%2: %3\n").arg(error.file, where, error.message);
    };
    for (const qc::SampleResult &sample : run.samples)
        for (const qc::FileError &error : sample.errors)
            describe(error);
    for (const qc::FileError &error : run.runErrors)
        describe(error);
    return text;
}
