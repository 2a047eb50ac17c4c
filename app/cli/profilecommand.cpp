#include "profilecommand.h"

#include "cluster/localcluster.h"
#include "cluster/profilestore.h"

#include "commandhelp.h"

#include <QCommandLineParser>
#include <QStringList>

#include <cstdio>

namespace {

int fail(const QString &message, int code = 1)
{
    std::fprintf(stderr, "qualcluster: %s\n", qPrintable(message));
    return code;
}

QString describe(const qc::Profile &profile)
{
    QStringList lines{QStringLiteral("name: %1").arg(profile.name), QStringLiteral("engines: %1").arg(profile.engines),
                      QStringLiteral("launcher: %1").arg(profile.launcher)};
    const auto add = [&lines](const char *key, const QString &value) {
        if (!value.isEmpty())
            lines.append(QStringLiteral("%1: %2").arg(QLatin1String(key), value));
    };
    add("listen", profile.listen);
    add("engine command", profile.engineCommand);
    add("partition", profile.partition);
    add("time", profile.time);
    add("account", profile.account);
    add("sbatch args", profile.sbatchArgs.join(u' '));
    add("hosts", profile.hosts.join(u' '));
    add("ssh args", profile.sshArgs.join(u' '));
    if (profile.isRemote())
        lines.append(QStringLiteral("data: %1")
                         .arg(profile.sharedFilesystem ? QStringLiteral("shared filesystem")
                                                       : QStringLiteral("sent with each task")));
    add("path map", profile.pathMap);
    return lines.join(u'\n') + u'\n';
}

} // namespace

int runProfileCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Cluster profiles: a name, a number of engines, and where the engines run.\n"
                       "  profile create NAME [-n N] [--launcher local|slurm|ssh] [options]\n"
                       "  profile list\n  profile show NAME [--script]\n  profile delete NAME"));
    parser.addHelpOption();
    const QCommandLineOption engines({QStringLiteral("n"), QStringLiteral("engines")},
                                     QStringLiteral("Number of engines (default: number of cores)."),
                                     QStringLiteral("N"));
    const QCommandLineOption launcher(QStringLiteral("launcher"),
                                      QStringLiteral("local (processes here), slurm (jobs) or ssh (other machines)."),
                                      QStringLiteral("KIND"), QStringLiteral("local"));
    const QCommandLineOption partition(QStringLiteral("partition"), QStringLiteral("slurm: the partition."),
                                       QStringLiteral("P"));
    const QCommandLineOption time(QStringLiteral("time"), QStringLiteral("slurm: each job's time limit (01:00:00)."),
                                  QStringLiteral("LIMIT"));
    const QCommandLineOption account(QStringLiteral("account"), QStringLiteral("slurm: the account."),
                                     QStringLiteral("A"));
    const QCommandLineOption sbatchArg(QStringLiteral("sbatch-arg"),
                                       QStringLiteral("slurm: one more #SBATCH line (repeatable), e.g. --mem=1G."),
                                       QStringLiteral("ARG"));
    const QCommandLineOption host(QStringLiteral("host"),
                                  QStringLiteral("ssh: a machine, with N engines on it (repeatable)."),
                                  QStringLiteral("HOST[:N]"));
    const QCommandLineOption sshArg(QStringLiteral("ssh-arg"),
                                    QStringLiteral("ssh: one more argument for ssh itself (repeatable), e.g. -F FILE."),
                                    QStringLiteral("ARG"));
    const QCommandLineOption engineCommand(
        QStringLiteral("engine-command"),
        QStringLiteral("The engine on the other machines, as shell text (default: this "
                       "one's path)."),
        QStringLiteral("CMD"));
    const QCommandLineOption listen(
        QStringLiteral("listen"),
        QStringLiteral("Where remote engines connect back (default: this host's name, any port)."),
        QStringLiteral("HOST[:PORT]"));
    const QCommandLineOption sharedFs(QStringLiteral("shared-fs"),
                                      QStringLiteral("Engines read the files from a shared filesystem instead of "
                                                     "getting them with each task."));
    const QCommandLineOption pathMap(QStringLiteral("path-map"),
                                     QStringLiteral("With --shared-fs: files under LOCAL are under REMOTE there."),
                                     QStringLiteral("LOCAL=REMOTE"));
    const QCommandLineOption script(QStringLiteral("script"),
                                    QStringLiteral("show: also what starting the cluster would run or submit."));
    parser.addOptions({engines, launcher, partition, time, account, sbatchArg, host, sshArg, engineCommand, listen,
                       sharedFs, pathMap, script});
    parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("create, list, show or delete."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("Profile name."));
    if (!parser.parse(arguments))
        return fail(parser.errorText(), 2);
    if (parser.isSet(QStringLiteral("help"))) {
        std::printf("%s", qPrintable(commandHelp(parser, arguments.constFirst())));
        return 0;
    }
    const QStringList args = parser.positionalArguments();
    const QString action = args.value(0);
    const qc::ProfileStore store;

    if (action == u"list" && args.size() == 1) {
        std::printf("%-24s %-8s %s\n", "NAME", "ENGINES", "LAUNCHER");
        for (const qc::Profile &profile : store.list())
            std::printf("%-24s %-8d %s\n", qPrintable(profile.name), profile.engines, qPrintable(profile.launcher));
        return 0;
    }
    if (args.size() != 2)
        return fail(
            QStringLiteral("usage: qualcluster profile create NAME [-n N] [options] | list | show NAME | delete NAME"),
            2);
    const QString &name = args.at(1);
    if (action == u"create") {
        qc::Profile profile{name, qc::ProfileStore::defaultEngineCount()};
        if (parser.isSet(engines)) {
            bool ok = false;
            profile.engines = parser.value(engines).toInt(&ok);
            if (!ok)
                return fail(QStringLiteral("-n takes a whole number, not \"%1\".").arg(parser.value(engines)), 2);
        }
        profile.launcher = parser.value(launcher);
        profile.partition = parser.value(partition);
        profile.time = parser.value(time);
        profile.account = parser.value(account);
        profile.sbatchArgs = parser.values(sbatchArg);
        profile.hosts = parser.values(host);
        profile.sshArgs = parser.values(sshArg);
        profile.engineCommand = parser.value(engineCommand);
        profile.listen = parser.value(listen);
        profile.sharedFilesystem = parser.isSet(sharedFs);
        profile.pathMap = parser.value(pathMap);
        if (!profile.pathMap.isEmpty() && !profile.sharedFilesystem)
            return fail(QStringLiteral("--path-map needs --shared-fs: without it the files go with each task."), 2);
        if (const auto error = store.save(profile))
            return fail(*error, 2);
        std::printf("Profile %s: %d engines, launcher %s\n", qPrintable(name), profile.engines,
                    qPrintable(profile.launcher));
        return 0;
    }
    if (action == u"show") {
        const auto profile = store.find(name);
        if (!profile)
            return fail(QStringLiteral("There is no profile called \"%1\".").arg(name));
        std::printf("%s", qPrintable(describe(*profile)));
        if (parser.isSet(script)) {
            qc::LocalCluster cluster;
            cluster.setProfile(*profile);
            std::printf("\n%s", qPrintable(cluster.launchScript(profile->engines)));
        }
        return 0;
    }
    if (action == u"delete") {
        if (const auto error = store.remove(name))
            return fail(*error);
        std::printf("Deleted profile %s\n", qPrintable(name));
        return 0;
    }
    return fail(QStringLiteral("Unknown profile action \"%1\": use create, list, show or delete.").arg(action), 2);
}
