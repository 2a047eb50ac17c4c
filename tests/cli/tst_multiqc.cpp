// `qualcluster analyze --multiqc` as MultiQC reads it: Debian's multiqc shows the QualCluster
// section, and its data files hold the numbers `analyze --json` gives for the same run.
#include "demo/demodata.h"
#include "report/multiqcreport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "apprun.h"
#include "ciservices.h"
#include "resultsjson.h"

#include <cerrno>
#include <cstring>

namespace {

// A data file MultiQC writes into multiqc_data (a header row, then a row per sample, tab
// separated) as sample -> column -> text.
using DataTable = QHash<QString, QHash<QString, QString>>;

DataTable readDataTable(const QString &path)
{
    DataTable table;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return table;
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
    if (lines.isEmpty())
        return table;
    const QStringList header = lines.first().split(u'\t');
    for (const QString &line : lines.mid(1)) {
        const QStringList fields = line.split(u'\t');
        QHash<QString, QString> row;
        for (qsizetype i = 1; i < std::min(fields.size(), header.size()); ++i)
            row.insert(header[i], fields[i]);
        table.insert(fields.first(), row);
    }
    return table;
}

// General Statistics names a column "<namespace>_mqc-generalstats-<namespace>-<key>".
QString columnFor(const QHash<QString, QString> &row, const QString &key)
{
    for (auto it = row.cbegin(); it != row.cend(); ++it)
        if (it.key().endsWith(u'-' + key))
            return it.value();
    return {};
}

} // namespace

class TestMultiqc : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_demo;
    QString m_content; // what --multiqc wrote
    QJsonDocument m_results; // what --json wrote, in the same run
    AppOutcome m_analyze;

    QProcessEnvironment environment() const { return headlessEnvironment(m_dir.filePath(QStringLiteral("config"))); }

    // multiqc with its home, config and caches in the test's folder, and no version check over
    // the network.
    AppOutcome runMultiqc(const QString &program, const QString &out) const
    {
        const QString home = m_dir.filePath(QStringLiteral("multiqc-home"));
        QDir().mkpath(home);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), home);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/.cache"));
        env.insert(QStringLiteral("MPLCONFIGDIR"), home + QStringLiteral("/matplotlib"));
        env.insert(QStringLiteral("TMPDIR"), home);
        env.remove(QStringLiteral("MULTIQC_CONFIG_PATH"));
        QProcess multiqc;
        multiqc.setProcessEnvironment(env);
        multiqc.setWorkingDirectory(home); // it also reads a multiqc_config.yaml in the working folder
        multiqc.start(program,
                      {QStringLiteral("-f"), QStringLiteral("--no-ansi"), QStringLiteral("--cl-config"),
                       QStringLiteral("no_version_check: true"), QStringLiteral("-o"), out, m_content});
        AppOutcome outcome;
        if (!multiqc.waitForFinished(240000))
            return outcome;
        outcome.exitCode = multiqc.exitStatus() == QProcess::NormalExit ? multiqc.exitCode() : -1;
        outcome.out = QString::fromUtf8(multiqc.readAllStandardOutput());
        outcome.err = QString::fromUtf8(multiqc.readAllStandardError());
        return outcome;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_demo = m_dir.filePath(QStringLiteral("demo"));
        qc::DemoOptions options;
        options.readsPerFolder = 6;
        QVERIFY(!qc::writeDemoData(m_demo, options));
        m_content = m_dir.filePath(QStringLiteral("for-multiqc/new")); // a folder it has to create
        const QString json = m_dir.filePath(QStringLiteral("results.json"));
        // A threshold between the demo folders' median QV20+ (about 600 to 950), so that the
        // failed-reads column is not all zeros.
        m_analyze = runApp({QStringLiteral("analyze"), QStringLiteral("--mode"), QStringLiteral("serial"),
                            QStringLiteral("--min-qv20"), QStringLiteral("800"), QStringLiteral("--json"), json,
                            QStringLiteral("--multiqc"), m_content, m_demo},
                           environment());
        m_results = readJson(json);
    }

    void analyzeWritesCustomContentFiles()
    {
        QVERIFY2(m_analyze.exitCode == 0, qPrintable(m_analyze.err));
        QVERIFY(m_analyze.out.contains(m_content));
        const QJsonArray samples = m_results[u"samples"].toArray();
        QCOMPARE(samples.size(), 12);
        for (const QLatin1String name : {qc::kMultiqcMeanQualityFile, qc::kMultiqcGeneralStatsFile}) {
            const QJsonDocument content = readJson(QDir(m_content).filePath(name));
            QVERIFY2(content.isObject(), name.data());
            QCOMPARE(content[u"data"].toObject().size(), samples.size());
        }
    }

    void aFolderThatCannotBeMadeIsNamedWithTheReason()
    {
        QFile blocker(m_dir.filePath(QStringLiteral("a-file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const QString dir = blocker.fileName() + QStringLiteral("/multiqc");
        const AppOutcome outcome =
            runApp({QStringLiteral("analyze"), QStringLiteral("--mode"), QStringLiteral("serial"),
                    QStringLiteral("--multiqc"), dir, m_demo + QStringLiteral("/t1_1")},
                   environment());
        QCOMPARE(outcome.exitCode, 1);
        QVERIFY2(outcome.err.contains(dir), qPrintable(outcome.err));
        QVERIFY2(outcome.err.contains(QString::fromLocal8Bit(std::strerror(ENOTDIR))), qPrintable(outcome.err));
    }

    void multiqcShowsTheSectionWithTheRunsNumbers()
    {
        const QString program = QStandardPaths::findExecutable(QStringLiteral("multiqc"));
        if (program.isEmpty()) {
            if (ciservices::underCi())
                QFAIL("multiqc is not installed (packaging/install-deps.sh installs it)");
            QSKIP("multiqc is not installed (packaging/install-deps.sh installs it)");
        }
        QVERIFY2(m_analyze.exitCode == 0, qPrintable(m_analyze.err));
        const QString out = m_dir.filePath(QStringLiteral("multiqc-report"));
        const AppOutcome multiqc = runMultiqc(program, out);
        QVERIFY2(multiqc.exitCode == 0, qPrintable(multiqc.err + multiqc.out));

        QFile html(out + QStringLiteral("/multiqc_report.html"));
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QString report = QString::fromUtf8(html.readAll());
        // The QualCluster heading, the line graph's section under it, and the graph itself.
        QVERIFY(report.contains(QStringLiteral("<h2 id=\"qualcluster\">QualCluster</h2>")));
        static const QRegularExpression section(
            QStringLiteral("<h3 id=\"qualcluster_mean_quality\">\\s*Mean quality by position"));
        QVERIFY(report.contains(section));
        QVERIFY(report.contains(QStringLiteral("<div id=\"qualcluster_mean_quality_plot\"")));

        const QString data = out + QStringLiteral("/multiqc_data/");
        const DataTable stats = readDataTable(data + QStringLiteral("multiqc_general_stats.txt"));
        const DataTable means = readDataTable(data + QStringLiteral("multiqc_qualcluster_mean_quality_plot.txt"));
        const QJsonArray samples = m_results[u"samples"].toArray();
        QCOMPARE(stats.size(), samples.size());
        QCOMPARE(means.size(), samples.size());
        qint64 reads = 0;
        qint64 failed = 0;
        for (const auto &sample : samples) {
            const QString name = sample[u"name"].toString();
            const QJsonObject qc = sample[u"qc"].toObject();
            const auto row = stats.value(name);
            for (const char *key : {"reads", "failed_reads", "median_qv20", "median_crl"}) {
                const QString cell = columnFor(row, QLatin1String(key));
                QVERIFY2(!cell.isEmpty(), qPrintable(name + u' ' + QLatin1String(key)));
                QCOMPARE(cell.toDouble(), qc[QLatin1String(key)].toDouble());
            }
            reads += qc[u"reads"].toInteger();
            failed += qc[u"failed_reads"].toInteger();

            // The first position, one in the middle and the last.
            const QJsonArray positions = sample[u"positions"].toArray();
            QVERIFY(positions.size() > 2);
            for (const qsizetype i : {qsizetype(0), positions.size() / 2, positions.size() - 1}) {
                const QJsonObject at = positions[i].toObject();
                const QString cell = means.value(name).value(QString::number(at[u"position"].toInt()));
                QVERIFY2(!cell.isEmpty(), qPrintable(name));
                QCOMPARE(cell.toDouble(), at[u"mean"].toDouble());
            }
        }
        QVERIFY2(failed > 0 && failed < reads,
                 "with --min-qv20 800 no demo read fails, or every one does: choose another threshold");
    }
};

QTEST_GUILESS_MAIN(TestMultiqc)
#include "tst_multiqc.moc"
