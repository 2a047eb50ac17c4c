#include "runrecorder.h"

#include <QFutureWatcher>
#include <QtConcurrent>

namespace qc {

QStringList describeRunProblems(const RunResult &run)
{
    QStringList problems;
    if (const qint64 rejected = run.rejectedFiles(); rejected > 0)
        problems.append(rejected == 1 ? QStringLiteral("1 file was rejected.")
                                      : QStringLiteral("%1 files were rejected.").arg(rejected));
    for (const FileError &error : run.runErrors)
        problems.append(QStringLiteral("%1: %2").arg(error.file, error.message));
    if (const QString lost = describeLostEngines(run, LossDetail::Brief); !lost.isEmpty())
        problems.append(lost);
    return problems;
}

QStringList recordRun(const RunResult &run, const RunContext &context, const QString &path, qint64 *id)
{
    if (id)
        *id = 0;
    HistoryDb history(path);
    const bool opened = history.open();
    QStringList messages;
    if (!history.notice().isEmpty())
        messages.append(history.notice());
    if (!opened) {
        messages.append(history.errorString());
        return messages;
    }
    const auto recorded = history.record(run, context);
    if (!recorded)
        messages.append(history.errorString());
    else if (id)
        *id = *recorded;
    return messages;
}

void describeOutcome(const RunResult &run, RunContext &context)
{
    context.errors = describeRunProblems(run);
    context.exitStatus = run.rejectedFiles() > 0 ? 3 : 0;
}

void recordRunInBackground(RunResult run, RunContext context, QObject *receiver,
                           std::function<void(qint64 id, const QStringList &messages)> done, QString path)
{
    struct Outcome
    {
        qint64 id = 0;
        QStringList messages;
    };
    auto *watcher = new QFutureWatcher<Outcome>(receiver);
    QObject::connect(watcher, &QFutureWatcher<Outcome>::finished, receiver, [watcher, done = std::move(done)] {
        watcher->deleteLater();
        const Outcome outcome = watcher->result();
        done(outcome.id, outcome.messages);
    });
    watcher->setFuture(QtConcurrent::run([run = std::move(run), context = std::move(context), path = std::move(path)] {
        Outcome outcome;
        outcome.messages = recordRun(run, context, path, &outcome.id);
        return outcome;
    }));
}

} // namespace qc
