#include "democommand.h"

#include "demo/demodata.h"

#include "commandhelp.h"

#include <QCommandLineParser>
#include <QStringList>

#include <cstdio>

int runDemoCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Writes the demo data set: folders t1_1 ... t6_2 of phred .qual and .seq files."));
    parser.addHelpOption();
    const QCommandLineOption readsOption(QStringLiteral("reads"),
                                         QStringLiteral("Reads per folder (96; 960 makes the large benchmark set)."),
                                         QStringLiteral("N"), QStringLiteral("96"));
    parser.addOption(readsOption);
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("Folder to write into."));
    if (!parser.parse(arguments)) {
        std::fprintf(stderr, "%s\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::printf("%s", qPrintable(commandHelp(parser, arguments.constFirst())));
        return 0;
    }
    bool ok = false;
    qc::DemoOptions options;
    options.readsPerFolder = parser.value(readsOption).toInt(&ok);
    if (!ok || options.readsPerFolder < 1 || options.readsPerFolder > 100000
        || parser.positionalArguments().size() != 1) {
        std::fprintf(stderr, "usage: qualcluster demo-data [--reads N] DIR  (N from 1 to 100000)\n");
        return 2;
    }
    const QString dir = parser.positionalArguments().constFirst();
    if (const auto error = qc::writeDemoData(dir, options)) {
        std::fprintf(stderr, "qualcluster: %s\n", qPrintable(*error));
        return 1;
    }
    std::printf("Wrote 12 folders of %d reads to %s\n", options.readsPerFolder, qPrintable(dir));
    return 0;
}
