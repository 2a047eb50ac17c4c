// qualcluster: the desktop app, and its headless subcommands for scripts.
#include "about/buildinfo.h"
#include "cli/analyzecommand.h"
#include "cli/clustercommand.h"
#include "cli/democommand.h"
#include "cli/historycommand.h"
#include "cli/profilecommand.h"
#include "cli/scalecommand.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>
#include <malloc.h>
#include <memory>

namespace {

const char kUsage[] = "usage: qualcluster COMMAND [options]\n"
                      "\n"
                      "commands:\n"
                      "  analyze [options] PATH...   quality by position of folders of reads, in parallel\n"
                      "  cluster start|stop|list|engines|scale ...   clusters that outlive a command\n"
                      "  profile create|list|show|delete ...   cluster profiles\n"
                      "  scale [--engines 1,2,4] [--repeat N] PATH...   speedup on each engine count, Amdahl fit\n"
                      "  history list|show|compare|delete|prune ...   past runs, from the run history\n"
                      "  demo-data [--reads N] DIR   write the demo data set\n"
                      "\n"
                      "'qualcluster COMMAND --help' describes each command. Without a command, qualcluster opens\n"
                      "the desktop app: qualcluster [--profile NAME] [-n N] [--start] [--run] [PATH...]\n";

enum class AppKind { Core, HeadlessCharts, Window };

// Charts need a QApplication; a headless command gets the offscreen platform so it runs anywhere.
// Commands that draw nothing keep to QCoreApplication, which starts faster.
std::unique_ptr<QCoreApplication> createApplication(int &argc, char **argv, AppKind kind)
{
    if (kind == AppKind::Core)
        return std::make_unique<QCoreApplication>(argc, argv);
    if (kind == AppKind::HeadlessCharts && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    return std::make_unique<QApplication>(argc, argv);
}

bool hasDisplay()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY")
        || qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

bool isCommand(const QByteArray &word)
{
    return word == "analyze" || word == "scale" || word == "cluster" || word == "profile" || word == "history"
        || word == "demo-data" || word == "--version" || word == "--help" || word == "-h";
}

// `qualcluster [--profile NAME] [-n N] [--start] [--run] [PATH...]`: the window, preloaded.
int runGui()
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("QualCluster: quality by position of Sanger reads, in parallel."));
    const QCommandLineOption profile(QStringLiteral("profile"), QStringLiteral("Select this cluster profile."),
                                     QStringLiteral("NAME"));
    const QCommandLineOption engines({QStringLiteral("n"), QStringLiteral("engines")},
                                     QStringLiteral("Number of engines."), QStringLiteral("N"));
    const QCommandLineOption start(QStringLiteral("start"), QStringLiteral("Start the cluster."));
    const QCommandLineOption run(QStringLiteral("run"), QStringLiteral("Run the analysis on the given folders."));
    const QCommandLineOption screenshots(
        QStringLiteral("screenshots"), QStringLiteral("After the run, save a picture of each view into DIR and quit."),
        QStringLiteral("DIR"));
    parser.addOptions({profile, engines, start, run, screenshots});
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Folders of reads to load."),
                                 QStringLiteral("[PATH...]"));
    parser.process(QCoreApplication::arguments());

    // The menu entry's id: Wayland compositors match the window to its icon and entry by it.
    QGuiApplication::setDesktopFileName(QStringLiteral("org.qualcluster.QualCluster"));
    GuiOptions options;
    options.profile = parser.value(profile);
    options.engines = parser.value(engines).toInt();
    options.start = parser.isSet(start);
    options.run = parser.isSet(run);
    options.paths = parser.positionalArguments();
    options.screenshotDir = parser.value(screenshots);
    MainWindow window;
    window.show();
    window.apply(options);
    return QCoreApplication::exec();
}

} // namespace

// Qt's own fallback for a missing XDG_RUNTIME_DIR (containers, CI, su) is fine for what it keeps
// there, but it says so on every start of the window or a chart-drawing command: noise the user
// did not cause. Every other message goes on as before.
namespace {
QtMessageHandler qtHandler = nullptr;
void quietMissingRuntimeDir(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg && message.startsWith(QLatin1StringView("QStandardPaths: XDG_RUNTIME_DIR not set")))
        return;
    qtHandler(type, context, message);
}
} // namespace

int main(int argc, char *argv[])
{
    qtHandler = qInstallMessageHandler(quietMissingRuntimeDir);
    const QByteArray command = argc > 1 ? QByteArray(argv[1]) : QByteArray();
    bool drawsCharts = false;
    for (int i = 2; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        drawsCharts |= argument.startsWith("--png") || argument.startsWith("--svg"); // --png-dir too
    }
    const bool gui = !isCommand(command);
    if (gui && !hasDisplay()) {
        std::fprintf(stderr,
                     "qualcluster: no display for the window; 'qualcluster analyze PATH...' runs "
                     "without one.\n\n%s",
                     kUsage);
        return 1;
    }
    const auto app = createApplication(argc, argv,
                                       gui               ? AppKind::Window
                                           : drawsCharts ? AppKind::HeadlessCharts
                                                         : AppKind::Core);
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
    if (command == "scale")
        return runScaleCommand(arguments);
    if (command == "cluster")
        return runClusterCommand(arguments);
    if (command == "profile")
        return runProfileCommand(arguments);
    if (command == "history")
        return runHistoryCommand(arguments);
    if (command == "demo-data")
        return runDemoCommand(arguments);
    if (command == "--version") {
        std::printf("%s", qPrintable(qc::versionText()));
        return 0;
    }
    if (command == "--help" || command == "-h") {
        std::printf("%s", kUsage);
        return 0;
    }
    return runGui();
}
