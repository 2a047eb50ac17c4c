#include "profilecommand.h"

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

} // namespace

int runProfileCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Cluster profiles: a name and a number of engines.\n"
        "  profile create NAME [-n N]\n  profile list\n  profile show NAME\n  profile delete NAME"));
    parser.addHelpOption();
    const QCommandLineOption enginesOption({QStringLiteral("n"), QStringLiteral("engines")},
                                           QStringLiteral("Number of engines (default: number of cores)."),
                                           QStringLiteral("N"));
    parser.addOption(enginesOption);
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
        std::printf("%-24s %s\n", "NAME", "ENGINES");
        for (const qc::Profile &profile : store.list())
            std::printf("%-24s %d\n", qPrintable(profile.name), profile.engines);
        return 0;
    }
    if (args.size() != 2)
        return fail(QStringLiteral("usage: qualcluster profile create NAME [-n N] | list | show NAME | delete NAME"), 2);
    const QString name = args.at(1);
    if (action == u"create") {
        qc::Profile profile{name, qc::ProfileStore::defaultEngineCount()};
        if (parser.isSet(enginesOption)) {
            bool ok = false;
            profile.engines = parser.value(enginesOption).toInt(&ok);
            if (!ok)
                return fail(QStringLiteral("-n takes a whole number, not \"%1\".").arg(parser.value(enginesOption)), 2);
        }
        if (const auto error = store.save(profile))
            return fail(*error, 2);
        std::printf("Profile %s: %d engines\n", qPrintable(name), profile.engines);
        return 0;
    }
    if (action == u"show") {
        const auto profile = store.find(name);
        if (!profile)
            return fail(QStringLiteral("There is no profile called \"%1\".").arg(name));
        std::printf("name: %s\nengines: %d\n", qPrintable(profile->name), profile->engines);
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
