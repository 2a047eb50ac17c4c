#include "analyzeoptions.h"

#include "cluster/profilestore.h"

#include "commandhelp.h"

#include <QCommandLineParser>

std::variant<AnalyzeOptions, UsageError> parseAnalyzeOptions(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Quality by position and Sanger QC of every folder of reads (.qual, FASTQ, .ab1, SCF, ZTR,\n"
                       ".phd.1, also gzipped), computed in parallel.\n"
                       "PATH is a folder of reads, or a folder whose subfolders (t1_1, t1_2, ...) hold reads."));
    parser.addHelpOption();
    const QCommandLineOption profile(
        QStringLiteral("profile"),
        QStringLiteral("Run on this profile's running cluster, or start one with its engine "
                       "count (default: \"default\")."),
        QStringLiteral("NAME"));
    const QCommandLineOption engines({QStringLiteral("n"), QStringLiteral("engines")},
                                     QStringLiteral("Number of engines or threads (overrides the profile)."),
                                     QStringLiteral("N"));
    const QCommandLineOption mode(QStringLiteral("mode"),
                                  QStringLiteral("balanced (a shared queue), direct (tasks assigned up front), "
                                                 "threads (in this process) or serial."),
                                  QStringLiteral("MODE"), QStringLiteral("balanced"));
    const QCommandLineOption compare(QStringLiteral("compare-serial"),
                                     QStringLiteral("Also run serially and report speedup and efficiency."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Write results as JSON."),
                                  QStringLiteral("FILE"));
    const QCommandLineOption csv(QStringLiteral("csv"), QStringLiteral("Write per-position statistics as CSV."),
                                 QStringLiteral("FILE"));
    const QCommandLineOption readsCsv(QStringLiteral("reads-csv"),
                                      QStringLiteral("Write each read's QC numbers (length, mean, QV20+, CRL, clear "
                                                     "range, trace score) as CSV."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption minQv20(QStringLiteral("min-qv20"),
                                     QStringLiteral("A read with fewer bases of quality 20 or more fails QC "
                                                    "(default: 100)."),
                                     QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption png(QStringLiteral("png-dir"),
                                 QStringLiteral("Write a chart per folder and overlay.png into DIR."),
                                 QStringLiteral("DIR"));
    const QCommandLineOption multiqc(QStringLiteral("multiqc"),
                                     QStringLiteral("Write MultiQC custom content into DIR: 'multiqc DIR' then shows "
                                                    "a QualCluster section and General Statistics columns."),
                                     QStringLiteral("DIR"));
    parser.addOptions({profile, engines, mode, compare, json, csv, readsCsv, minQv20, png, multiqc});
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Folders to analyse."),
                                 QStringLiteral("PATH..."));

    const QString usage = QStringLiteral("usage: qualcluster analyze [options] PATH... (see --help)");
    if (!parser.parse(arguments))
        return UsageError{parser.errorText() + u'\n' + usage, {}};
    if (parser.isSet(QStringLiteral("help")))
        return UsageError{{}, commandHelp(parser, arguments.constFirst())};

    AnalyzeOptions options;
    options.paths = parser.positionalArguments();
    if (options.paths.isEmpty())
        return UsageError{QStringLiteral("No folder given.\n") + usage, {}};
    const auto runMode = qc::runModeFromName(parser.value(mode));
    if (!runMode)
        return UsageError{
            QStringLiteral("Unknown mode \"%1\": use balanced, direct, threads or serial.").arg(parser.value(mode)),
            {}};
    options.mode = *runMode;
    options.profile = parser.isSet(profile) ? parser.value(profile) : QStringLiteral("default");
    const auto stored = qc::ProfileStore().find(options.profile);
    if (!stored)
        return UsageError{QStringLiteral("There is no profile called \"%1\".").arg(options.profile), {}};
    options.engines = stored->engines;
    if (parser.isSet(engines)) {
        options.enginesGiven = true;
        bool ok = false;
        options.engines = parser.value(engines).toInt(&ok);
        if (!ok || options.engines < 1 || options.engines > 256)
            return UsageError{
                QStringLiteral("-n takes a number of engines from 1 to 256, not \"%1\".").arg(parser.value(engines)),
                {}};
    }
    options.compareSerial = parser.isSet(compare);
    options.jsonPath = parser.value(json);
    options.csvPath = parser.value(csv);
    options.readsCsvPath = parser.value(readsCsv);
    bool minOk = false;
    options.minQv20 = parser.value(minQv20).toInt(&minOk);
    if (!minOk || options.minQv20 < 0)
        return UsageError{
            QStringLiteral("--min-qv20 takes a number of bases, 0 or more, not \"%1\".").arg(parser.value(minQv20)),
            {}};
    options.pngDir = parser.value(png);
    options.multiqcDir = parser.value(multiqc);
    return options;
}
