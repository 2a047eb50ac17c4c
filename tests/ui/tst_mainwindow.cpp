// The desktop app as a user drives it: start a cluster, drop folders, run, cancel, export, close.
#include "charts/qualitychart.h"
#include "cluster/controllerclient.h"
#include "demo/demodata.h"
#include "mainwindow.h"
#include "models/enginetablemodel.h"
#include "models/foldertablemodel.h"
#include "panels/chartspanel.h"
#include "panels/clusterspanel.h"
#include "panels/datapanel.h"
#include "panels/qcpanel.h"
#include "panels/timingpanel.h"

#include <QChart>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "clusterfixture.h"

#include <csignal>

namespace {

QPushButton *button(QWidget *root, const QString &accessibleName)
{
    for (auto *candidate : root->findChildren<QPushButton *>())
        if (candidate->accessibleName() == accessibleName)
            return candidate;
    return nullptr;
}

QList<qint64> enginePids(const qc::Cluster *cluster)
{
    QList<qint64> pids;
    for (const qc::EngineInfo &engine : cluster->engines())
        pids.append(engine.pid);
    return pids;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_data;

private slots:
    void initTestCase()
    {
        qRegisterMetaType<qc::RunResult>();
        qc::DemoOptions options;
        options.readsPerFolder = 12;
        QVERIFY(!qc::writeDemoData(m_data.path(), options));
    }

    // Each test's clusters are its own, and none outlives it.
    void init()
    {
        fixture::useNewRuntimeFolder();
    }

    void cleanup()
    {
        fixture::cli({QStringLiteral("cluster"), QStringLiteral("stop"), QStringLiteral("--all")});
    }

    void startButtonGivesLiveEnginesAndStopLeavesNone()
    {
        MainWindow window;
        window.show();
        window.clustersPanel()->setEngineCount(3);
        QSignalSpy ready(window.cluster(), &qc::Cluster::ready);
        QPushButton *start = button(&window, QStringLiteral("Start the cluster"));
        QVERIFY(start);
        QTest::mouseClick(start, Qt::LeftButton);
        QVERIFY(ready.wait(20000));
        const qc::EngineTableModel *engines = window.clustersPanel()->engineModel();
        QCOMPARE(engines->rowCount(), 3);
        QSet<qint64> pids;
        for (int row = 0; row < engines->rowCount(); ++row)
            pids.insert(engines->index(row, qc::EngineTableModel::PidColumn).data().toLongLong());
        QCOMPARE(pids.size(), 3);
        for (qint64 pid : std::as_const(pids))
            QVERIFY(processAlive(pid) && pid != QCoreApplication::applicationPid());

        // The engines are another process's (the cluster's controller): they go a moment later.
        QTest::mouseClick(button(&window, QStringLiteral("Stop the cluster")), Qt::LeftButton);
        QTRY_COMPARE(engines->rowCount(), 0);
        for (qint64 pid : std::as_const(pids))
            QTRY_VERIFY(!processAlive(pid));
        QVERIFY(fixture::noClusterRuns());
    }

    void droppedFoldersAreAddedWithTreatmentAndReplicate()
    {
        MainWindow window;
        window.show();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(m_data.filePath(QStringLiteral("t3_2"))),
                      QUrl::fromLocalFile(m_data.filePath(QStringLiteral("t5_1")))});
        // What a file manager's drag delivers: enter (the window says it takes the folders), then drop.
        const QPoint centre = window.rect().center();
        QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QVERIFY(drop.isAccepted());
        const qc::FolderTableModel *folders = window.dataPanel()->model();
        QCOMPARE(folders->rowCount(), 2);
        QCOMPARE(folders->index(0, qc::FolderTableModel::FolderColumn).data().toString(), QStringLiteral("t3_2"));
        QCOMPARE(folders->index(0, qc::FolderTableModel::TreatmentColumn).data().toInt(), 3);
        QCOMPARE(folders->index(0, qc::FolderTableModel::ReplicateColumn).data().toInt(), 2);
        QCOMPARE(folders->index(1, qc::FolderTableModel::TreatmentColumn).data().toInt(), 5);
        QTRY_COMPARE(folders->index(1, qc::FolderTableModel::ReadsColumn).data().toInt(), 12);
    }

    void runGivesChartsAndTimingThatMatchTheResults()
    {
        MainWindow window;
        window.show();
        window.dataPanel()->addPaths({m_data.path()});
        window.clustersPanel()->setEngineCount(2);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QTest::mouseClick(button(&window, QStringLiteral("Run the analysis")), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QVERIFY(window.lastRun());
        const qc::RunResult &run = *window.lastRun();
        QCOMPARE(run.samples.size(), 12);
        QCOMPARE(window.chartsPanel()->folderCount(), 12);
        QVERIFY(run.timing.serialSeconds); // "Compare with a serial run" is on by default
        QVERIFY(window.timingPanel()->speedupText().contains(QStringLiteral("2 engines")));
        window.chartsPanel()->showFolder(QStringLiteral("t2_1"));
        QCOMPARE(window.chartsPanel()->currentChart()->title(), qc::chartTitle(run.samples[2]));
        QCOMPARE(window.cluster()->connectedCount(), 2);
        // The run started the profile's cluster: a controller the command line sees, owned by the window.
        const QString profile = window.cluster()->profile();
        QCOMPARE(fixture::controllerPid(profile), window.cluster()->record().pid);
        QVERIFY(window.clustersPanel()->clustersStartedHere().contains(profile));
    }

    void cancelMidRunLeavesTheClusterUsable()
    {
        qputenv("QUALCLUSTER_FAILPOINTS", "engine.slow_task_ms=300");
        MainWindow window;
        window.show();
        window.dataPanel()->addPaths({m_data.path()});
        window.clustersPanel()->setEngineCount(2);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.runAnalysis();
        QTRY_VERIFY_WITH_TIMEOUT(window.cluster()->connectedCount() == 2, 20000);
        QTest::qWait(100);
        QTest::keyClick(&window, Qt::Key_Escape);
        QVERIFY(finished.isEmpty());
        QVERIFY(!window.lastRun());
        qunsetenv("QUALCLUSTER_FAILPOINTS"); // engines already running keep their slow tasks

        window.dataPanel()->model()->removeRows(2, 10);
        window.runAnalysis();
        QVERIFY(finished.wait(60000));
        QCOMPARE(window.lastRun()->samples.size(), 2);
        QCOMPARE(window.lastRun()->samples[0].reads, 12);
    }

    void exportWritesPngsOfTheAskedSize()
    {
        MainWindow window;
        window.show();
        window.dataPanel()->addPaths({m_data.filePath(QStringLiteral("t1_1")), m_data.filePath(QStringLiteral("t1_2"))});
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.runAnalysis();
        QVERIFY(finished.wait(60000));
        QTemporaryDir out;
        const auto error = window.exportAllChartsTo(out.path(), QSize(1300, 800));
        QVERIFY2(!error, qPrintable(error.value_or(QString())));
        for (const QString &name : {QStringLiteral("t1_1"), QStringLiteral("t1_2"), QStringLiteral("overlay")}) {
            const QImage image(out.filePath(name + QStringLiteral(".png")));
            QCOMPARE(image.size(), QSize(1300, 800));
            QSet<QRgb> colours;
            for (int y = 0; y < image.height(); y += 9)
                for (int x = 0; x < image.width(); x += 9)
                    colours.insert(image.pixel(x, y));
            QVERIFY(colours.size() > 10);
        }

        // The results, with the QC tab's threshold: no demo read reaches 2000 bases of QV20+.
        window.qcPanel()->setMinQv20(2000);
        QVERIFY(!window.exportResultsTo(out.path()));
        QFile json(out.filePath(QStringLiteral("results.json")));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject first = QJsonDocument::fromJson(json.readAll()).object()[u"samples"][0].toObject();
        QCOMPARE(first[u"qc"][u"min_qv20"].toInt(), 2000);
        QCOMPARE(first[u"qc"][u"failed_reads"].toInteger(), first[u"read_count"].toInteger());
        QFile reads(out.filePath(QStringLiteral("reads.csv")));
        QVERIFY(reads.open(QIODevice::ReadOnly));
        QCOMPARE(reads.readAll().count('\n'), 1 + 2 * 12); // a header and the two folders' reads
        QVERIFY(QFileInfo::exists(out.filePath(QStringLiteral("positions.csv"))));
    }

    void closingTheWindowEndsEveryEngine()
    {
        QList<qint64> pids;
        {
            MainWindow window;
            window.show();
            window.clustersPanel()->setEngineCount(2);
            QSignalSpy ready(window.cluster(), &qc::Cluster::ready);
            window.clustersPanel()->startCluster();
            QVERIFY(ready.wait(20000));
            pids = enginePids(window.cluster());
            QCOMPARE(pids.size(), 2);
            window.close();
        }
        for (qint64 pid : std::as_const(pids))
            QTRY_VERIFY(!processAlive(pid));
        QTRY_VERIFY(fixture::noClusterRuns());
    }
};

CLUSTER_TEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
