// Folders of every Sanger format, end to end: `qualcluster analyze` on two engines gives, per
// folder, the read and base counts, the mean and the QV20+ totals that Biopython, BioPerl and
// io_lib give for the same files (EXPECTED_SUMMARY.tsv), and the per-read QC in JSON and CSV.
#include "apprun.h"
#include "referencetables.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

struct FolderPlan
{
    QString folder;
    QString format; // what every read of the folder must say it is
    QStringList kinds; // summary "kind" values whose files go into the folder
    qint64 reads = 0; // expected, summed from the summary
    qint64 bases = 0;
    qint64 atLeast20 = 0;
    double qualitySum = 0;
};

} // namespace

class TestFormats : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QList<FolderPlan> m_plans;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QC_REQUIRE_SHARED(sharedDataPath(u"EXPECTED_SUMMARY.tsv"_s));
        m_plans = {{u"t1_1"_s, u"abi"_s, {u"valid ABIF chromatogram"_s}},
                   {u"t1_2"_s, u"scf"_s, {u"valid SCF v3.00 trace"_s, u"valid SCF v2.00 trace"_s}},
                   {u"t2_1"_s, u"fastq"_s, {u"valid FASTQ"_s}},
                   {u"t2_2"_s, u"phd"_s, {u"valid phred PHD file"_s}},
                   {u"t3_1"_s, u"ztr"_s, {u"valid ZTR trace"_s}},
                   {u"t3_2"_s, u"qual"_s, {u"valid FASTA-style .qual"_s}}};
        int copied = 0;
        for (const ReferenceRow &row : readReferenceTable(u"EXPECTED_SUMMARY.tsv"_s)) {
            if (!readableAsSummarised(row))
                continue;
            for (FolderPlan &plan : m_plans) {
                if (!plan.kinds.contains(row[u"kind"_s]))
                    continue;
                // Numbered names: several projects ship files of the same name. The extension is
                // the format's own, as a user's folder would have it.
                const QString source = row[u"file"_s];
                const QString extension = plan.format == u"abi" ? u"ab1"_s
                    : plan.format == u"phd"                     ? u"phd.1"_s
                                                                : plan.format;
                const QString target =
                    QDir(m_dir.filePath(plan.folder)).filePath(u"read%1.%2"_s.arg(copied++).arg(extension));
                QVERIFY(QDir().mkpath(QFileInfo(target).absolutePath()));
                QVERIFY2(QFile::copy(sharedDataPath(source), target), qPrintable(source));
                const qint64 values = row[u"n_quality_values"_s].toLongLong();
                plan.reads += row[u"n_records"_s].toLongLong();
                plan.bases += values;
                plan.atLeast20 += row[u"n_ge_20"_s].toLongLong();
                plan.qualitySum += row[u"mean_quality"_s].toDouble() * double(values);
            }
        }
        for (const FolderPlan &plan : std::as_const(m_plans))
            QVERIFY2(plan.reads > 0, qPrintable(plan.folder));
    }

    void everyFormatGivesTheReferenceNumbers()
    {
        const QString json = m_dir.filePath(u"out/results.json"_s);
        const QString readsCsv = m_dir.filePath(u"out/reads.csv"_s);
        const AppOutcome outcome =
            runApp({u"analyze"_s, u"-n"_s, u"2"_s, u"--json"_s, json, u"--reads-csv"_s, readsCsv, m_dir.path()},
                   headlessEnvironment(m_dir.filePath(u"config"_s)));
        QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));

        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray samples = QJsonDocument::fromJson(file.readAll()).object()[u"samples"].toArray();
        QCOMPARE(samples.size(), m_plans.size());
        qint64 csvRowsExpected = 0;
        for (const FolderPlan &plan : std::as_const(m_plans)) {
            const auto found = std::find_if(samples.begin(), samples.end(),
                                            [&](const QJsonValue &s) { return s[u"name"].toString() == plan.folder; });
            QVERIFY2(found != samples.end(), qPrintable(plan.folder));
            const QJsonObject sample = found->toObject();
            QCOMPARE(sample[u"read_count"].toInteger(), plan.reads);
            QCOMPARE(sample[u"bases"].toInteger(), plan.bases);
            QCOMPARE(sample[u"errors"].toArray().size(), 0);

            // The folder's mean over every base, from the per-position statistics.
            double sum = 0;
            qint64 counted = 0;
            for (const QJsonValue position : sample[u"positions"].toArray()) {
                sum += position[u"mean"].toDouble() * double(position[u"count"].toInteger());
                counted += position[u"count"].toInteger();
            }
            QCOMPARE(counted, plan.bases);
            // The summary's means have four decimals.
            QVERIFY2(std::abs(sum - plan.qualitySum) <= 0.00005 * double(plan.bases) + 1e-6,
                     qPrintable(u"%1: quality sum %2, expected %3"_s.arg(plan.folder).arg(sum).arg(plan.qualitySum)));

            const QJsonArray reads = sample[u"reads"].toArray();
            QCOMPARE(qint64(reads.size()), plan.reads);
            qint64 qv20 = 0, lengths = 0;
            for (const QJsonValue read : reads) {
                QCOMPARE(read[u"format"].toString(), plan.format);
                QVERIFY(!read[u"name"].toString().isEmpty());
                qv20 += read[u"qv20"].toInteger();
                lengths += read[u"length"].toInteger();
                QVERIFY(read[u"trim_end"].toInt() <= read[u"length"].toInt());
            }
            QCOMPARE(qv20, plan.atLeast20);
            QCOMPARE(lengths, plan.bases);
            QCOMPARE(sample[u"qc"][u"reads"].toInteger(), plan.reads);
            csvRowsExpected += plan.reads;
        }

        QFile csv(readsCsv);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
        QCOMPARE(lines.first(),
                 "sample,file,name,format,length,mean,qv20,crl,trim_start,trim_end,trimmed_length,trace_score"_ba);
        QCOMPARE(qint64(lines.size() - 1), csvRowsExpected);
    }

    void aDamagedFileOfAnyFormatIsListedAndTheRestCounts()
    {
        // Half an ABI file next to the good ones: rejected with its path; the folder still counts.
        const QString folder = m_dir.filePath(u"t1_1"_s);
        const QString good = QDir(folder).entryInfoList(QDir::Files, QDir::Name).first().filePath();
        QFile source(good);
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QByteArray bytes = source.readAll();
        const QString damaged = QDir(folder).filePath(u"damaged.ab1"_s);
        QFile out(damaged);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes.first(bytes.size() / 2));
        out.close();

        const AppOutcome outcome =
            runApp({u"analyze"_s, u"-n"_s, u"2"_s, folder}, headlessEnvironment(m_dir.filePath(u"config"_s)));
        QFile::remove(damaged);
        QCOMPARE(outcome.exitCode, 3);
        QVERIFY2(outcome.err.contains(u"rejected "_s + damaged), qPrintable(outcome.err));
        const FolderPlan &abi = m_plans.first();
        QVERIFY2(outcome.out.contains(u"t1_1 "_s) && outcome.out.contains(QString::number(abi.bases)),
                 qPrintable(outcome.out));
    }
};

QTEST_GUILESS_MAIN(TestFormats)
#include "tst_formats.moc"
