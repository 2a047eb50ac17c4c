// Exporting charts: the current one as PNG (size, DPI) or SVG, every chart to a folder, the dialog.
#include "charts/chartexport.h"
#include "charts/interactivechartview.h"
#include "panels/chartspanel.h"
#include "panels/exportdialog.h"
#include "sampleresults.h"

#include <QChart>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace qc;

class TestChartExport : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_panel = std::make_unique<ChartsPanel>();
        m_panel->resize(1400, 900);
    }
    void cleanup() { m_panel.reset(); }
    void saveChart_data();
    void saveChart();
    void exportsEveryChart();
    void exportDialogDefaults();

private:
    std::unique_ptr<ChartsPanel> m_panel;
    template<typename T> T *child(const char *name) const { return m_panel->findChild<T *>(QString::fromLatin1(name)); }
};

void TestChartExport::saveChart_data()
{
    QTest::addColumn<bool>("svg");
    QTest::newRow("png") << false;
    QTest::newRow("svg") << true;
}

void TestChartExport::saveChart()
{
    QFETCH(bool, svg);
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    m_panel->setRun(handMadeRun());
    QChart *chart = m_panel->currentChart();
    const auto save = [&](const QString &path) {
        return svg ? saveChartSvg(chart, path, QSize(800, 500)) : saveChartImage(chart, path, QSize(800, 500), 150);
    };

    const QString path = temp.filePath(svg ? QStringLiteral("t1_1.svg") : QStringLiteral("t1_1.png"));
    const std::optional<QString> error = save(path);
    QVERIFY2(!error, qPrintable(error.value_or(QString())));
    if (svg) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QVERIFY(text.contains(QStringLiteral("<svg")));
        QVERIFY(text.contains(QStringLiteral("t1_1 [25, 44]"))); // text stays text
        QVERIFY(text.contains(QStringLiteral("Position")));
    } else {
        const QImage image(path);
        QCOMPARE(image.size(), QSize(800, 500));
        QCOMPARE(image.dotsPerMeterX(), qRound(150 / 0.0254));
        QVERIFY(looksDrawn(image));
    }
    QCOMPARE(chart->scene(), child<InteractiveChartView>("chartView")->scene()); // still shown

    // A file cannot be made under a plain file, even by root.
    QFile plain(temp.filePath(QStringLiteral("plain")));
    QVERIFY(plain.open(QIODevice::WriteOnly));
    plain.close();
    const QString unwritable = plain.fileName() + QStringLiteral("/chart");
    const std::optional<QString> failure = save(unwritable);
    QVERIFY(failure);
    QVERIFY2(failure->contains(QDir::toNativeSeparators(unwritable)), qPrintable(*failure));
}

void TestChartExport::exportsEveryChart()
{
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    m_panel->setRun(handMadeRun());
    ChartExportSettings settings;
    settings.scope = ChartExportSettings::Scope::AllCharts;
    settings.size = QSize(400, 250);
    settings.path = temp.filePath(QStringLiteral("png"));
    QVERIFY(!m_panel->exportCharts(settings));
    const QStringList names{QStringLiteral("t1_1"), QStringLiteral("t1_2"), QStringLiteral("t2_1"),
                            QStringLiteral("overlay")};
    for (const QString &name : names)
        QCOMPARE(QImage(settings.path + u'/' + name + QStringLiteral(".png")).size(), settings.size);

    settings.format = ChartExportSettings::Format::Svg;
    settings.path = temp.filePath(QStringLiteral("svg"));
    QVERIFY(!m_panel->exportCharts(settings));
    for (const QString &name : names)
        QVERIFY(QFile::exists(settings.path + u'/' + name + QStringLiteral(".svg")));

    // The current chart alone; a missing suffix is added.
    settings.scope = ChartExportSettings::Scope::CurrentChart;
    settings.format = ChartExportSettings::Format::Png;
    settings.path = temp.filePath(QStringLiteral("current"));
    QVERIFY(!m_panel->exportCharts(settings));
    QCOMPARE(QImage(settings.path + QStringLiteral(".png")).size(), settings.size);

    settings.scope = ChartExportSettings::Scope::AllCharts;
    settings.path += QStringLiteral(".png/charts"); // under the file just written
    const std::optional<QString> error = m_panel->exportCharts(settings);
    QVERIFY(error);
    QVERIFY2(error->contains(QDir::toNativeSeparators(settings.path)), qPrintable(*error));
}

void TestChartExport::exportDialogDefaults()
{
    ExportDialog dialog(QStringLiteral("t1_1"));
    const ChartExportSettings defaults = dialog.settings();
    QCOMPARE(defaults.format, ChartExportSettings::Format::Png);
    QCOMPARE(defaults.scope, ChartExportSettings::Scope::CurrentChart);
    QCOMPARE(defaults.size, QSize(1600, 1000));
    QCOMPARE(defaults.dpi, 96);
    QVERIFY(defaults.path.endsWith(QStringLiteral("/t1_1.png")));

    auto *format = dialog.findChild<QComboBox *>(QStringLiteral("formatCombo"));
    auto *scope = dialog.findChild<QComboBox *>(QStringLiteral("scopeCombo"));
    auto *dpi = dialog.findChild<QSpinBox *>(QStringLiteral("dpiSpin"));
    QVERIFY(format && scope && dpi);
    format->setCurrentIndex(1);
    QCOMPARE(dialog.settings().format, ChartExportSettings::Format::Svg);
    QVERIFY(dialog.settings().path.endsWith(QStringLiteral("/t1_1.svg")));
    QVERIFY(!dpi->isEnabled()); // an SVG has no pixels to count

    scope->setCurrentIndex(1);
    QCOMPARE(dialog.settings().scope, ChartExportSettings::Scope::AllCharts);
    QVERIFY(!dialog.settings().path.endsWith(QStringLiteral(".svg"))); // a folder now
    scope->setCurrentIndex(0);
    QVERIFY(dialog.settings().path.endsWith(QStringLiteral("/t1_1.svg")));

    ChartExportSettings wanted;
    wanted.size = QSize(800, 600);
    wanted.dpi = 300;
    wanted.path = QStringLiteral("chart.png");
    dialog.setSettings(wanted);
    const ChartExportSettings got = dialog.settings();
    QCOMPARE(got.size, wanted.size);
    QCOMPARE(got.dpi, 300);
    QCOMPARE(got.path, wanted.path);
    QCOMPARE(got.format, ChartExportSettings::Format::Png);
}

QTEST_MAIN(TestChartExport)
#include "tst_chartexport.moc"
