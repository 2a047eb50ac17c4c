// `qualcluster scale` on the demo data: a point per engine count with each run's time, speedups
// and efficiencies that follow from the times, an Amdahl fit that follows from the points, the
// CSV and the chart.
#include "charts/scalingchart.h"
#include "demo/demodata.h"

#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include "apprun.h"
#include "resultsjson.h"

#include <algorithm>
#include <cmath>

namespace {

bool near(double a, double b)
{
    return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)});
}

double medianOf(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

QList<double> secondsOf(const QJsonValue &value)
{
    QList<double> seconds;
    for (const auto &s : value.toArray())
        seconds.append(s.toDouble());
    return seconds;
}

} // namespace

class TestScale : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_demo;

    AppOutcome run(const QStringList &arguments) const
    {
        return runApp(arguments, headlessEnvironment(m_dir.filePath(QStringLiteral("config"))));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_demo = m_dir.filePath(QStringLiteral("demo"));
        qc::DemoOptions options;
        options.readsPerFolder = 16;
        QVERIFY(!qc::writeDemoData(m_demo, options));
    }

    void usageErrorsExitWithTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        const QString demo = QStringLiteral(".");
        QTest::newRow("no folder") << QStringList{QStringLiteral("scale")};
        QTest::newRow("zero engines") << QStringList{QStringLiteral("scale"), QStringLiteral("--engines"),
                                                     QStringLiteral("0,2"), demo};
        QTest::newRow("not a number") << QStringList{QStringLiteral("scale"), QStringLiteral("--engines"),
                                                     QStringLiteral("1,x"), demo};
        QTest::newRow("a count twice") << QStringList{QStringLiteral("scale"), QStringLiteral("--engines"),
                                                      QStringLiteral("2,2"), demo};
        QTest::newRow("no repeat") << QStringList{QStringLiteral("scale"), QStringLiteral("--repeat"),
                                                  QStringLiteral("0"), demo};
        QTest::newRow("unknown profile") << QStringList{QStringLiteral("scale"), QStringLiteral("--profile"),
                                                        QStringLiteral("nope"), demo};
    }
    void usageErrorsExitWithTwo()
    {
        QFETCH(QStringList, arguments);
        const AppOutcome outcome = run(arguments);
        QCOMPARE(outcome.exitCode, 2);
        QVERIFY(!outcome.err.isEmpty());
    }

    void studyOnTheDemoSet()
    {
        const QString json = m_dir.filePath(QStringLiteral("out/scaling.json"));
        const QString csv = m_dir.filePath(QStringLiteral("out/scaling.csv"));
        const QString png = m_dir.filePath(QStringLiteral("out/scaling.png"));
        // Three counts, so that the fit has two points and a standard error.
        const AppOutcome outcome = run({QStringLiteral("scale"), QStringLiteral("--engines"), QStringLiteral("1,2,3"),
                                        QStringLiteral("--repeat"), QStringLiteral("2"), QStringLiteral("--json"), json,
                                        QStringLiteral("--csv"), csv, QStringLiteral("--png"), png, m_demo});
        QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));

        const QJsonDocument study = readJson(json);
        QCOMPARE(study[u"repeats"].toInt(), 2);
        QCOMPARE(study[u"folders"].toArray().size(), 12);
        const QList<double> serial = secondsOf(study[u"serial"][u"seconds"]);
        QCOMPARE(serial.size(), 2);
        QVERIFY(std::all_of(serial.begin(), serial.end(), [](double s) { return s > 0; }));
        const double serialMedian = study[u"serial"][u"median_seconds"].toDouble();
        QVERIFY(near(serialMedian, medianOf(serial)));

        const QJsonArray points = study[u"points"].toArray();
        QCOMPARE(points.size(), 3);
        double sxy = 0;
        double sxx = 0;
        QList<std::pair<double, double>> fitted; // (x, y) of the linear form, for the residuals
        for (int i = 0; i < 3; ++i) {
            const QJsonValue point = points[i];
            const int engines = point[u"engines"].toInt();
            QCOMPARE(engines, i + 1);
            const QList<double> seconds = secondsOf(point[u"seconds"]);
            QCOMPARE(seconds.size(), 2);
            QVERIFY(std::all_of(seconds.begin(), seconds.end(), [](double s) { return s > 0; }));
            const double median = point[u"median_seconds"].toDouble();
            QVERIFY(near(median, medianOf(seconds)));
            const double speedup = point[u"speedup"].toDouble();
            QVERIFY(near(speedup, serialMedian / median));
            QVERIFY(near(point[u"efficiency"].toDouble(), speedup / engines));
            QVERIFY(point[u"startup_seconds"].toDouble() > 0);
            // The output line for this count.
            QVERIFY2(outcome.out.contains(QStringLiteral("\n%1 ").arg(engines)), qPrintable(outcome.out));
            if (engines > 1) {
                const double x = 1 - 1.0 / engines;
                const double y = 1 / speedup - 1.0 / engines;
                sxy += x * y;
                sxx += x * x;
                fitted.append({x, y});
            }
        }
        // The fit recomputed from the points: f = sum(x y) / sum(x^2), clamped to [0, 1].
        const double f = sxy / sxx;
        double residuals = 0;
        for (const auto &[x, y] : fitted)
            residuals += (y - f * x) * (y - f * x);
        const QJsonValue fit = study[u"fit"];
        QCOMPARE(fit[u"points_used"].toInt(), 2);
        QVERIFY(near(fit[u"serial_fraction"].toDouble(), std::clamp(f, 0.0, 1.0)));
        QVERIFY(near(fit[u"standard_error"].toDouble(), std::sqrt(residuals / 1 / sxx)));
        QVERIFY(!fit[u"quality"].toString().isEmpty());
        QVERIFY(outcome.out.contains(QStringLiteral("serial fraction f = %1 ± %2")
                                         .arg(fit[u"serial_fraction"].toDouble(), 0, 'f', 3)
                                         .arg(fit[u"standard_error"].toDouble(), 0, 'f', 3)));
        const QString words = study[u"words"].toString();
        QVERIFY(outcome.out.contains(words));
        // The count worth it is named ("2 engines ...", or "More engines do not pay here: 1 engine ...").
        if (!study[u"worthwhile_engines"].isNull())
            QVERIFY2(words.startsWith(QStringLiteral("%1 engine").arg(study[u"worthwhile_engines"].toInt()))
                         || (study[u"worthwhile_engines"].toInt() == 1
                             && words.startsWith(u"More engines do not pay here: 1 engine")),
                     qPrintable(words));
        else
            QVERIFY2(words.startsWith(u"No engine count is worth it"), qPrintable(words));

        // The CSV: a row per run, the same times.
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = csvFile.readAll().trimmed().split('\n');
        QCOMPARE(rows.size(), 1 + 2 + 3 * 2);
        QCOMPARE(rows[0],
                 QByteArray("mode,engines,run,wall_seconds,median_seconds,speedup,efficiency,startup_seconds"));
        QCOMPARE(rows[1].split(',').value(3).toDouble(), serial[0]);
        const QList<QByteArray> last = rows.last().split(',');
        QCOMPARE(last.value(1).toInt(), 3);
        QCOMPARE(last.value(3).toDouble(), secondsOf(points[2][u"seconds"]).value(1));
        QCOMPARE(last.value(5).toDouble(), points[2][u"speedup"].toDouble());

        const QImage chart(png);
        QCOMPARE(chart.size(), qc::kScalingChartSize);

        // Every run of the study is in the run history, oldest first here: the serial baseline,
        // then each count's runs, each with the time the study measured and, on engines, the
        // speedup over the study's serial median.
        const AppOutcome history = run({QStringLiteral("history"), QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY2(history.exitCode == 0, qPrintable(history.err));
        const QJsonArray newestFirst = QJsonDocument::fromJson(history.out.toUtf8()).array();
        QCOMPARE(newestFirst.size(), 2 + 3 * 2);
        for (qsizetype i = 0; i < newestFirst.size(); ++i) {
            const QJsonValue recorded = newestFirst[newestFirst.size() - 1 - i];
            QCOMPARE(recorded[u"source"].toString(), QStringLiteral("scale"));
            QCOMPARE(recorded[u"exit_status"].toInt(), 0);
            QCOMPARE(recorded[u"folders"].toArray().size(), 12);
            const double wall = recorded[u"wall_seconds"].toDouble();
            if (i < 2) {
                QCOMPARE(recorded[u"mode"].toString(), QStringLiteral("serial"));
                QVERIFY(near(wall, serial[i]));
                continue;
            }
            const QJsonValue point = points[(i - 2) / 2];
            QCOMPARE(recorded[u"mode"].toString(), QStringLiteral("balanced"));
            QCOMPARE(recorded[u"engines"].toInt(), point[u"engines"].toInt());
            QCOMPARE(recorded[u"profile"].toString(), QStringLiteral("default"));
            QVERIFY(near(wall, secondsOf(point[u"seconds"]).value((i - 2) % 2)));
            QVERIFY(near(recorded[u"serial_seconds"].toDouble(), serialMedian));
            QVERIFY(near(recorded[u"speedup"].toDouble(), serialMedian / wall));
        }
    }
};

QTEST_GUILESS_MAIN(TestScale)
#include "tst_scale.moc"
