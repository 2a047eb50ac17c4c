#include "historycommand.h"

#include "commandhelp.h"
#include "history/historydb.h"
#include "history/runcomparison.h"
#include "report/jsonreport.h"
#include "runsummary.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cstdio>

namespace {

const char kUsage[] = "usage: qualcluster history list [--profile NAME] [--folder TEXT] [--limit N] [--json]"
                      " | show ID [--json] | compare A B [--json] | delete ID | prune --older-than Nd|Nh";

int fail(const QString &message, int code = 1)
{
    std::fprintf(stderr, "qualcluster: %s\n", qPrintable(message));
    return code;
}

QString when(const QDateTime &time)
{
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QJsonValue optional(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue();
}

QString number(const std::optional<double> &value, int decimals)
{
    return value ? QString::number(*value, 'f', decimals) : QStringLiteral("-");
}

QJsonObject timingJson(const qc::RunRecord &run)
{
    return {{QStringLiteral("mode"), run.mode},
            {QStringLiteral("engines"), run.engines},
            {QStringLiteral("wall_seconds"), run.wallSeconds},
            {QStringLiteral("serial_seconds"), optional(run.serialSeconds)},
            {QStringLiteral("ideal_seconds"), optional(run.idealSeconds)},
            {QStringLiteral("speedup"), optional(run.speedup)},
            {QStringLiteral("efficiency"), optional(run.efficiency)},
            {QStringLiteral("startup_seconds"), run.startupSeconds}};
}

QJsonObject recordJson(const qc::RunRecord &run)
{
    QJsonArray folders;
    for (const qc::FolderRecord &folder : run.folders)
        folders.append(QJsonObject{{QStringLiteral("path"), folder.path},
                                   {QStringLiteral("name"), folder.name},
                                   {QStringLiteral("files"), folder.files},
                                   {QStringLiteral("reads"), folder.reads},
                                   {QStringLiteral("exists"), QFileInfo(folder.path).isDir()}});
    QJsonObject object = timingJson(run);
    object.insert(QStringLiteral("id"), run.id);
    object.insert(QStringLiteral("started_at"), run.startedAt.toUTC().toString(Qt::ISODateWithMs));
    object.insert(QStringLiteral("finished_at"), run.finishedAt.toUTC().toString(Qt::ISODateWithMs));
    object.insert(QStringLiteral("source"), run.source);
    object.insert(QStringLiteral("profile"), run.profile);
    object.insert(QStringLiteral("launcher"), run.launcher);
    object.insert(QStringLiteral("hosts"), QJsonArray::fromStringList(run.hosts));
    object.insert(QStringLiteral("exit_status"), run.exitStatus);
    object.insert(QStringLiteral("errors"), QJsonArray::fromStringList(run.errors));
    object.insert(QStringLiteral("outputs"), QJsonArray::fromStringList(run.outputs));
    object.insert(QStringLiteral("folders"), folders);
    return object;
}

void printJson(const QJsonDocument &document)
{
    std::printf("%s", document.toJson().constData());
}

// Past results stay readable after their folders go; the user should still know they went.
void sayFoldersGone(const qc::RunRecord &run)
{
    for (const qc::FolderRecord &folder : run.folders)
        if (!QFileInfo(folder.path).isDir())
            fail(QStringLiteral("The folder %1 of run %2 no longer exists; its results are as recorded.")
                     .arg(folder.path)
                     .arg(run.id));
}

int listRuns(qc::HistoryDb &history, const qc::HistoryFilter &filter, bool json)
{
    const auto runs = history.list(filter);
    if (!runs)
        return fail(history.errorString());
    if (json) {
        QJsonArray rows;
        for (const qc::RunRecord &run : *runs)
            rows.append(recordJson(run));
        printJson(QJsonDocument(rows));
        return 0;
    }
    if (runs->isEmpty()) {
        std::printf("No run is recorded%s.\n",
                    filter.profile.isEmpty() && filter.folder.isEmpty() ? "" : " that matches");
        return 0;
    }
    std::printf("%-6s %-19s %-6s %-14s %-9s %7s %7s %9s %7s %s\n", "ID", "STARTED", "SOURCE", "PROFILE", "MODE",
                "ENGINES", "FOLDERS", "WALL S", "SPEEDUP", "STATUS");
    for (const qc::RunRecord &run : *runs)
        std::printf("%-6lld %-19s %-6s %-14s %-9s %7d %7lld %9.3f %7s %d\n", run.id, qPrintable(when(run.startedAt)),
                    qPrintable(run.source), qPrintable(run.profile.isEmpty() ? QStringLiteral("-") : run.profile),
                    qPrintable(run.mode), run.engines, qint64(run.folders.size()), run.wallSeconds,
                    qPrintable(number(run.speedup, 2)), run.exitStatus);
    return 0;
}

int showRun(qc::HistoryDb &history, qint64 id, bool json)
{
    const auto run = history.summary(id);
    const auto result = run ? history.load(id) : std::nullopt;
    if (!result)
        return fail(history.errorString());
    sayFoldersGone(*run);
    if (json) {
        QFile out;
        if (!out.open(stdout, QIODevice::WriteOnly) || !qc::writeRunJson(&out, *result))
            return fail(QStringLiteral("Cannot write the report to the standard output."));
        return 0;
    }
    std::printf("Run %lld (%s): started %s, finished %s, exit status %d\n", run->id, qPrintable(run->source),
                qPrintable(when(run->startedAt)), qPrintable(when(run->finishedAt)), run->exitStatus);
    if (!run->profile.isEmpty())
        std::printf(
            "Profile %s (%s launcher)%s\n", qPrintable(run->profile), qPrintable(run->launcher),
            run->hosts.isEmpty() ? "" : qPrintable(QStringLiteral(", hosts ") + run->hosts.join(QStringLiteral(", "))));
    for (const QString &output : std::as_const(run->outputs))
        std::printf("Output: %s\n", qPrintable(output));
    for (const QString &error : std::as_const(run->errors))
        std::printf("Error: %s\n", qPrintable(error));
    std::printf("\n%s\n%s", qPrintable(formatSampleTable(*result, qc::kDefaultMinQv20)),
                qPrintable(formatTiming(*result)));
    return 0;
}

int compareRuns(qc::HistoryDb &history, qint64 idA, qint64 idB, bool json)
{
    const auto runA = history.summary(idA);
    const auto resultA = runA ? history.load(idA) : std::nullopt;
    const auto runB = resultA ? history.summary(idB) : std::nullopt;
    const auto resultB = runB ? history.load(idB) : std::nullopt;
    if (!resultB)
        return fail(history.errorString());
    const qc::RunComparison comparison = qc::compareRuns(*resultA, *resultB);
    if (json) {
        QJsonArray folders;
        for (const qc::FolderDifference &folder : comparison.folders)
            folders.append(QJsonObject{{QStringLiteral("path"), folder.path},
                                       {QStringLiteral("name"), folder.name},
                                       {QStringLiteral("positions"), qint64(folder.meanDifference.size())},
                                       {QStringLiteral("max_abs_difference"), folder.maxAbsDifference},
                                       {QStringLiteral("mean_abs_difference"), folder.meanAbsDifference},
                                       {QStringLiteral("positions_only_in_one"), folder.positionsOnlyInOne}});
        printJson(QJsonDocument(QJsonObject{
            {QStringLiteral("a"), idA},
            {QStringLiteral("b"), idB},
            {QStringLiteral("same_folders"), comparison.sameFolders()},
            {QStringLiteral("folders"), folders},
            {QStringLiteral("only_in_a"), QJsonArray::fromStringList(comparison.onlyInA)},
            {QStringLiteral("only_in_b"), QJsonArray::fromStringList(comparison.onlyInB)},
            {QStringLiteral("timing"),
             QJsonObject{{QStringLiteral("a"), timingJson(*runA)}, {QStringLiteral("b"), timingJson(*runB)}}}}));
        return 0;
    }
    std::printf("Run %lld (%s) against run %lld (%s): mean quality by position, run %lld less run %lld\n", idB,
                qPrintable(when(runB->startedAt)), idA, qPrintable(when(runA->startedAt)), idB, idA);
    if (comparison.folders.isEmpty())
        std::printf("The two runs have no folder in common.\n");
    else
        std::printf("%-16s %9s %12s %12s\n", "FOLDER", "POSITIONS", "MAX |DIFF|", "MEAN |DIFF|");
    for (const qc::FolderDifference &folder : comparison.folders)
        std::printf("%-16s %9lld %12.3f %12.3f\n", qPrintable(folder.name), qint64(folder.meanDifference.size()),
                    folder.maxAbsDifference, folder.meanAbsDifference);
    for (const QString &path : comparison.onlyInA)
        std::printf("Only in run %lld: %s\n", idA, qPrintable(path));
    for (const QString &path : comparison.onlyInB)
        std::printf("Only in run %lld: %s\n", idB, qPrintable(path));
    std::printf("\n%-12s %12s %12s\n", "", qPrintable(QStringLiteral("RUN %1").arg(idA)),
                qPrintable(QStringLiteral("RUN %1").arg(idB)));
    std::printf("%-12s %12s %12s\n", "mode", qPrintable(runA->mode), qPrintable(runB->mode));
    std::printf("%-12s %12d %12d\n", "engines", runA->engines, runB->engines);
    std::printf("%-12s %12.3f %12.3f\n", "wall s", runA->wallSeconds, runB->wallSeconds);
    std::printf("%-12s %12s %12s\n", "serial s", qPrintable(number(runA->serialSeconds, 3)),
                qPrintable(number(runB->serialSeconds, 3)));
    std::printf("%-12s %12s %12s\n", "speedup", qPrintable(number(runA->speedup, 2)),
                qPrintable(number(runB->speedup, 2)));
    std::printf("%-12s %12s %12s\n", "efficiency", qPrintable(number(runA->efficiency, 2)),
                qPrintable(number(runB->efficiency, 2)));
    return 0;
}

// "30d" or "12h" as the moment that long ago; nullopt for anything else.
std::optional<QDateTime> agoFrom(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{1,6})([dh])$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const qint64 count = match.captured(1).toLongLong();
    const qint64 hours = match.captured(2) == u"d" ? count * 24 : count;
    return QDateTime::currentDateTimeUtc().addSecs(-hours * 3600);
}

} // namespace

int runHistoryCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The runs recorded in the run history (%1).\n"
                       "  history list [--profile NAME] [--folder TEXT] [--limit N] [--json]\n"
                       "  history show ID [--json]\n  history compare A B [--json]\n  history delete ID\n"
                       "  history prune --older-than Nd|Nh")
            .arg(qc::HistoryDb::defaultPath()));
    parser.addHelpOption();
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("list, show, compare: as JSON."));
    const QCommandLineOption profile(QStringLiteral("profile"), QStringLiteral("list: runs of this profile."),
                                     QStringLiteral("NAME"));
    const QCommandLineOption folder(QStringLiteral("folder"),
                                    QStringLiteral("list: runs with a folder whose path has TEXT."),
                                    QStringLiteral("TEXT"));
    const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("list: the newest N runs."),
                                   QStringLiteral("N"));
    const QCommandLineOption olderThan(
        QStringLiteral("older-than"),
        QStringLiteral("prune: runs started longer ago than N days (30d) or hours (12h)."), QStringLiteral("AGE"));
    parser.addOptions({json, profile, folder, limit, olderThan});
    parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("list, show, compare, delete or prune."));
    if (!parser.parse(arguments))
        return fail(parser.errorText(), 2);
    if (parser.isSet(QStringLiteral("help"))) {
        std::printf("%s", qPrintable(commandHelp(parser, arguments.constFirst())));
        return 0;
    }
    const QStringList args = parser.positionalArguments();
    const QString action = args.value(0);
    const auto expectIds = [&args](int count, QList<qint64> *ids) {
        if (args.size() != count + 1)
            return false;
        for (int i = 1; i <= count; ++i) {
            bool ok = false;
            ids->append(args[i].toLongLong(&ok));
            if (!ok || ids->last() <= 0)
                return false;
        }
        return true;
    };
    QList<qint64> ids;
    qc::HistoryFilter filter;
    std::optional<QDateTime> cutoff;
    if (action == u"list" && args.size() == 1) {
        filter.profile = parser.value(profile);
        filter.folder = parser.value(folder);
        bool ok = true;
        if (parser.isSet(limit) && ((filter.limit = parser.value(limit).toInt(&ok)) <= 0 || !ok))
            return fail(QStringLiteral("--limit takes a whole number above 0, not \"%1\".").arg(parser.value(limit)),
                        2);
    } else if (action == u"prune" && args.size() == 1) {
        if (!(cutoff = agoFrom(parser.value(olderThan))))
            return fail(QStringLiteral("prune needs --older-than with a number of days or hours, such as 30d or 12h."),
                        2);
    } else if (!((action == u"show" || action == u"delete") && expectIds(1, &ids))
               && !(action == u"compare" && expectIds(2, &ids))) {
        return fail(QString::fromLatin1(kUsage), 2);
    }

    qc::HistoryDb history;
    const bool opened = history.open();
    if (!history.notice().isEmpty())
        fail(history.notice());
    if (!opened)
        return fail(history.errorString());
    if (action == u"list")
        return listRuns(history, filter, parser.isSet(json));
    if (action == u"show")
        return showRun(history, ids[0], parser.isSet(json));
    if (action == u"compare")
        return compareRuns(history, ids[0], ids[1], parser.isSet(json));
    if (action == u"delete") {
        if (!history.remove(ids[0]))
            return fail(history.errorString());
        std::printf("Deleted run %lld\n", ids[0]);
        return 0;
    }
    const auto removed = history.prune(*cutoff);
    if (!removed)
        return fail(history.errorString());
    std::printf("Removed %d run%s started before %s\n", *removed, *removed == 1 ? "" : "s", qPrintable(when(*cutoff)));
    return 0;
}
