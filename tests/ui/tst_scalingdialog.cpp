// The scaling study in the window: the Timing tab's button asks for it, and the dialog runs it
// on the demo set with real engines, shows a point per count, the figures and the words, and
// exports them.
#include "analysis/sample.h"
#include "charts/scalingchart.h"
#include "demo/demodata.h"
#include "panels/scalingdialog.h"
#include "panels/timingpanel.h"

#include <QAbstractButton>
#include <QApplication>
#include <QChart>
#include <QImage>
#include <QLineEdit>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "resultsjson.h"

using namespace qc;

namespace {

constexpr int kStudyTimeoutMs = 120000;

QScatterSeries *measuredSeries(QChart *chart)
{
    const auto series = chart ? chart->series() : QList<QAbstractSeries *>();
    for (QAbstractSeries *s : series)
        if (s->name() == u"Measured speedup")
            return qobject_cast<QScatterSeries *>(s);
    return nullptr;
}

} // namespace

class TestScalingDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QList<Sample> m_samples;

    std::unique_ptr<ScalingDialog> newDialog()
    {
        auto dialog = std::make_unique<ScalingDialog>();
        dialog->setEngineProgram(QStringLiteral(ENGINE_PATH));
        dialog->setInputs(m_samples, nullptr, Profile{QStringLiteral("default")});
        dialog->findChild<QLineEdit *>()->setText(QStringLiteral("1,2"));
        dialog->findChild<QSpinBox *>()->setValue(2);
        return dialog;
    }

    static QAbstractButton *button(QWidget *parent, const QString &accessibleName)
    {
        const auto buttons = parent->findChildren<QAbstractButton *>();
        for (QAbstractButton *b : buttons)
            if (b->accessibleName() == accessibleName)
                return b;
        return nullptr;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Clusters of the test's own: a private runtime folder, no user profile.
        const QString runtime = m_dir.filePath(QStringLiteral("runtime"));
        QVERIFY(QDir().mkpath(runtime));
        QFile::setPermissions(runtime, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("config"))));
        const QString demo = m_dir.filePath(QStringLiteral("demo"));
        DemoOptions options;
        options.readsPerFolder = 16;
        QVERIFY(!writeDemoData(demo, options));
        QStringList problems;
        m_samples = discoverSamples({demo}, &problems);
        QCOMPARE(m_samples.size(), 12);
    }

    void timingTabAsksForTheStudy()
    {
        TimingPanel panel;
        QSignalSpy asked(&panel, &TimingPanel::scalingRequested);
        QAbstractButton *scaling = button(&panel, QStringLiteral("Scaling study"));
        QVERIFY(scaling);
        scaling->click();
        QCOMPARE(asked.count(), 1);
    }

    void everyControlHasAnAccessibleName()
    {
        const auto dialog = newDialog();
        const auto widgets = dialog->findChildren<QWidget *>();
        int checked = 0;
        for (QWidget *w : widgets) {
            if (!w->focusPolicy() || qobject_cast<QAbstractScrollArea *>(w->parentWidget())
                || qobject_cast<QAbstractSpinBox *>(w->parentWidget()))
                continue; // not a control, or a part of one (a viewport, a spin box's text)
            QVERIFY2(!w->accessibleName().isEmpty(), w->metaObject()->className());
            ++checked;
        }
        QVERIFY(checked >= 6);
    }

    void studyOnTheDemoSet()
    {
        const auto dialog = newDialog();
        dialog->show();
        QVERIFY(button(dialog.get(), QStringLiteral("Start the scaling study"))->isEnabled());
        QVERIFY(!button(dialog.get(), QStringLiteral("Export the scaling study"))->isEnabled());
        QSignalSpy finished(dialog.get(), &ScalingDialog::studyFinished);
        button(dialog.get(), QStringLiteral("Start the scaling study"))->click();
        QVERIFY(dialog->isRunning());
        QVERIFY(button(dialog.get(), QStringLiteral("Cancel the scaling study"))->isEnabled());
        QVERIFY(finished.wait(kStudyTimeoutMs));

        QVERIFY(dialog->result());
        const ScalingResult &result = *dialog->result();
        QCOMPARE(result.points.size(), 2);
        QCOMPARE(result.serialSeconds.size(), 2);
        QScatterSeries *measured = measuredSeries(dialog->chart());
        QVERIFY(measured);
        QCOMPARE(measured->count(), 2);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(measured->at(i).x(), double(result.points[i].engines));
            QCOMPARE(measured->at(i).y(), result.points[i].speedup);
        }
        const auto *table = dialog->findChild<QTableWidget *>();
        QCOMPARE(table->rowCount(), 3); // serial, 1 and 2 engines
        QCOMPARE(table->item(2, 0)->text(), QStringLiteral("2"));
        QCOMPARE(table->item(2, 2)->text(), QString::number(result.points[1].speedup, 'f', 2));
        QCOMPARE(dialog->wordsText(), result.words);
        QVERIFY(!result.words.isEmpty());
        QVERIFY(button(dialog.get(), QStringLiteral("Export the scaling study"))->isEnabled());

        const QString png = m_dir.filePath(QStringLiteral("out/scaling.png"));
        QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("out"))));
        QVERIFY(!dialog->exportTo(png));
        QCOMPARE(QImage(png).size(), kScalingChartSize);
        const QString json = m_dir.filePath(QStringLiteral("out/scaling.json"));
        QVERIFY(!dialog->exportTo(json));
        QCOMPARE(readJson(json)[u"points"].toArray().size(), 2);
        QVERIFY(!dialog->exportTo(m_dir.filePath(QStringLiteral("out/scaling.csv"))));
        QVERIFY(!dialog->exportTo(m_dir.filePath(QStringLiteral("out/scaling.svg"))));
        QVERIFY(dialog->exportTo(m_dir.filePath(QStringLiteral("out/scaling.txt")))); // says which suffixes
    }

    void cancelLeavesItReady()
    {
        const auto dialog = newDialog();
        QSignalSpy finished(dialog.get(), &ScalingDialog::studyFinished);
        dialog->start();
        QVERIFY(dialog->isRunning());
        QTest::qWait(50);
        dialog->cancel();
        QVERIFY(!dialog->isRunning());
        QVERIFY(button(dialog.get(), QStringLiteral("Start the scaling study"))->isEnabled());
        QTest::qWait(200);
        QCOMPARE(finished.count(), 0);
        QVERIFY(!dialog->result());
    }

    void badEngineCountsAreSaid()
    {
        const auto dialog = newDialog();
        dialog->findChild<QLineEdit *>()->setText(QStringLiteral("1,two"));
        dialog->start();
        QVERIFY(!dialog->isRunning());
    }
};

QTEST_MAIN(TestScalingDialog)
#include "tst_scalingdialog.moc"
