// Not a test: how the run history holds up at N runs (10,000 by default), as the window and
// `qualcluster history list` open it. Fills a fresh database in a temporary folder, then times
// opening and listing every run (best of 5), a list filtered by profile, and the command itself.
// Prints what it measured; the target (200 ms to open and list 10,000 runs) is printed beside it,
// never enforced.
#include "history/historydb.h"
#include "tinyrun.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>
#include <limits>

namespace {

qc::RunResult smallRun()
{
    qc::RunResult run = tinyRun();
    run.timing.mode = QStringLiteral("balanced");
    run.timing.engines = 2;
    run.timing.wallSeconds = 0.8;
    run.timing.serialSeconds = 1.2;
    return run;
}

template<typename Work> qint64 bestOf(int rounds, Work work)
{
    qint64 best = std::numeric_limits<qint64>::max();
    for (int round = 0; round < rounds; ++round) {
        QElapsedTimer timer;
        timer.start();
        if (!work())
            return -1;
        best = std::min(best, timer.elapsed());
    }
    return best;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: qualcluster-historybench QUALCLUSTER [RUNS]\n");
        return 2;
    }
    const QString &program = args[1];
    const int runs = args.size() > 2 ? args[2].toInt() : 10000;
    QTemporaryDir data;
    // Where the command finds it with XDG_DATA_HOME set to `data`.
    const QString path = data.filePath(QStringLiteral("qualcluster/qualcluster/history.sqlite"));

    qc::HistoryDb history(path);
    if (!history.open()) {
        std::fprintf(stderr, "%s\n", qPrintable(history.errorString()));
        return 1;
    }
    const qc::RunResult run = smallRun();
    qc::RunContext context;
    context.source = QStringLiteral("cli");
    context.launcher = QStringLiteral("local");
    const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-100);
    QElapsedTimer filling;
    filling.start();
    for (int i = 0; i < runs; ++i) {
        context.startedAt = start.addSecs(i * 60);
        context.finishedAt = context.startedAt.addSecs(2);
        context.profile = i % 10 == 0 ? QStringLiteral("slurm") : QStringLiteral("default");
        if (!history.record(run, context)) {
            std::fprintf(stderr, "%s\n", qPrintable(history.errorString()));
            return 1;
        }
    }
    const qint64 fillMs = filling.elapsed();

    const qint64 listMs = bestOf(5, [&] {
        qc::HistoryDb reopened(path); // as the window's History tab opens it
        const auto listed = reopened.open() ? reopened.list() : std::nullopt;
        return listed && listed->size() == runs;
    });
    const qint64 filteredMs = bestOf(5, [&] {
        const auto listed = history.list({QStringLiteral("slurm"), {}, 0});
        return listed && listed->size() == (runs + 9) / 10;
    });
    // The command as a user runs it, with its own process start: XDG_DATA_HOME points it here.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_DATA_HOME"), data.path());
    const qint64 commandMs = bestOf(5, [&] {
        QProcess command;
        command.setProcessEnvironment(environment);
        command.start(program, {QStringLiteral("history"), QStringLiteral("list"), QStringLiteral("--json")});
        if (!command.waitForFinished(60000) || command.exitCode() != 0)
            return false;
        return QJsonDocument::fromJson(command.readAllStandardOutput()).array().size() == runs;
    });
    const qint64 idleCommandMs = bestOf(5, [&] {
        QProcess command;
        command.setStandardOutputFile(QProcess::nullDevice());
        command.start(program, {QStringLiteral("--version")});
        return command.waitForFinished(60000) && command.exitCode() == 0;
    });

    std::printf("history_record_%d_runs_ms\t%lld\t(one transaction per run, as analyses record them)\n", runs, fillMs);
    std::printf("history_open_and_list_%d_runs_ms\t%lld\t(best of 5; target 200 ms at 10,000 runs)\n", runs, listMs);
    std::printf("history_list_one_profile_ms\t%lld\t(%d runs of %d, best of 5)\n", filteredMs, (runs + 9) / 10, runs);
    std::printf("history_list_json_command_ms\t%lld\t(`qualcluster history list --json`, best of 5; "
                "`qualcluster --version` takes %lld ms)\n",
                commandMs, idleCommandMs);
    return listMs < 0 || filteredMs < 0 || commandMs < 0 ? 1 : 0;
}
