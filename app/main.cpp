// qualcluster: the desktop app, and its headless subcommands for scripts.
#include "cli/analyzecommand.h"
#include "cli/democommand.h"
#include "cli/profilecommand.h"

#include <QApplication>
#include <QCoreApplication>

#include <cstdio>
#include <malloc.h>
#include <memory>

namespace {

const char kUsage[] =
    "usage: qualcluster COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  analyze [options] PATH...   quality by position of folders of reads, in parallel\n"
    "  profile create|list|show|delete ...   cluster profiles\n"
    "  demo-data [--reads N] DIR   write the demo data set\n"
    "\n"
    "'qualcluster COMMAND --help' describes each command.\n";

// Charts need a QApplication; a headless command gets the offscreen platform so it runs anywhere.
// Commands that draw nothing keep to QCoreApplication, which starts faster.
std::unique_ptr<QCoreApplication> createApplication(int &argc, char **argv, bool drawsCharts)
{
    if (!drawsCharts)
        return std::make_unique<QCoreApplication>(argc, argv);
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    return std::make_unique<QApplication>(argc, argv);
}

} // namespace

int main(int argc, char *argv[])
{
    const QByteArray command = argc > 1 ? QByteArray(argv[1]) : QByteArray();
    bool drawsCharts = false;
    for (int i = 2; i < argc; ++i)
        drawsCharts |= QByteArray(argv[i]).startsWith("--png-dir");
    const auto app = createApplication(argc, argv, drawsCharts);
    QCoreApplication::setApplicationName(QStringLiteral("qualcluster"));
    QCoreApplication::setOrganizationName(QStringLiteral("qualcluster"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QUALCLUSTER_VERSION));

    QStringList arguments = QCoreApplication::arguments();
    // Each command parses the rest as its own program, named so in its --help.
    if (arguments.size() > 1) {
        arguments.removeAt(1);
        arguments[0] = QStringLiteral("qualcluster ") + QString::fromLocal8Bit(command);
    }
    if (command == "analyze")
        return runAnalyzeCommand(arguments);
    if (command == "profile")
        return runProfileCommand(arguments);
    if (command == "demo-data")
        return runDemoCommand(arguments);
    if (command == "--version") {
        std::printf("qualcluster %s\n", QUALCLUSTER_VERSION);
        return 0;
    }
    if (command == "--help" || command == "-h") {
        std::printf("%s", kUsage);
        return 0;
    }
    std::fprintf(stderr, "%s", kUsage);
    return 2;
}
