// The Clusters panel with real controllers: clusters started from a terminal and from the window,
// stopped from either, kept running or not when the window closes, and killed under it.
#include "cluster/controllerclient.h"
#include "demo/demodata.h"
#include "mainwindow.h"
#include "models/enginetablemodel.h"
#include "models/profilelistmodel.h"
#include "panels/clusterspanel.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QtTest>

#include "clusterfixture.h"

#include <csignal>

using namespace qc;
using namespace Qt::StringLiterals;
using fixture::cli;

namespace {

QPushButton *button(QWidget *root, const QString &accessibleName)
{
    for (auto *candidate : root->findChildren<QPushButton *>())
        if (candidate->accessibleName() == accessibleName)
            return candidate;
    return nullptr;
}

QVariant cell(const ProfileListModel *model, const QString &profile, int column)
{
    return model->index(model->rowOf(profile), column).data();
}

QString statusOf(const MainWindow &window, const QString &profile)
{
    return cell(window.clustersPanel()->profileModel(), profile, ProfileListModel::StatusColumn).toString();
}

QSet<qint64> tablePids(const EngineTableModel *model)
{
    QSet<qint64> pids;
    for (int row = 0; row < model->rowCount(); ++row)
        pids.insert(model->index(row, EngineTableModel::PidColumn).data().toLongLong());
    return pids;
}

bool succeeds(const QStringList &arguments)
{
    const AppOutcome outcome = cli(arguments);
    if (outcome.exitCode != 0)
        qWarning().noquote() << "qualcluster" << arguments.join(u' ') << "failed:" << outcome.err;
    return outcome.exitCode == 0;
}

bool createProfile(const QString &name, int engines)
{
    return succeeds({u"profile"_s, u"create"_s, name, u"-n"_s, QString::number(engines)});
}

bool startFromTerminal(const QString &profile, int engines)
{
    return succeeds({u"cluster"_s, u"start"_s, u"--profile"_s, profile, u"-n"_s, QString::number(engines)});
}

} // namespace

class TestClustersPanel : public QObject
{
    Q_OBJECT

private slots:
    void init() { fixture::useNewRuntimeFolder(); }

    void cleanup() { cli({u"cluster"_s, u"stop"_s, u"--all"_s}); }

    // The window's cluster is a controller of its own: the engine rows follow its snapshots,
    // whoever changes it, and go when the client leaves (the engines do not).
    void engineTableFollowsAControllerClient()
    {
        QVERIFY(startFromTerminal(u"default"_s, 2));
        ControllerClient client(u"default"_s);
        EngineTableModel model(&client);
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest, &model);
        QSignalSpy attached(&client, &ControllerClient::attached);
        QVERIFY(client.attach());
        QVERIFY(attached.wait(5000));
        QCOMPARE(model.rowCount(), 2);
        const QSet<qint64> pids = tablePids(&model);
        QCOMPARE(pids, fixture::enginePids(u"default"_s));

        QVERIFY(succeeds({u"cluster"_s, u"scale"_s, u"--profile"_s, u"default"_s, u"3"_s}));
        QTRY_COMPARE_WITH_TIMEOUT(client.connectedCount(), 3, 10000);
        QTRY_COMPARE(model.rowCount(), 3);
        QCOMPARE(tablePids(&model), fixture::enginePids(u"default"_s));

        client.detach();
        QCOMPARE(model.rowCount(), 0);
        for (qint64 pid : pids)
            QVERIFY(processAlive(pid));
        QVERIFY(client.attach());
        QVERIFY(attached.wait(5000));
        QCOMPARE(model.rowCount(), 3);

        client.stop();
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 0, 5000);
        for (qint64 pid : pids)
            QTRY_VERIFY(!processAlive(pid));
        QVERIFY(fixture::noClusterRuns());
    }

    // The "Done when": a cluster started from a terminal is listed with its engines,
    // scaled and stopped from the window, and then gone for the command line too.
    void terminalClusterIsListedScaledAndStoppedFromTheWindow()
    {
        QVERIFY(createProfile(u"term"_s, 2));
        MainWindow window;
        window.show();
        ClustersPanel *panel = window.clustersPanel();
        const ProfileListModel *profiles = panel->profileModel();
        QCOMPARE(statusOf(window, u"term"_s), u"stopped"_s);

        QVERIFY(startFromTerminal(u"term"_s, 2));
        const qint64 controller = fixture::controllerPid(u"term"_s);
        const QSet<qint64> engines = fixture::enginePids(u"term"_s);
        QVERIFY(controller > 0);
        QCOMPARE(engines.size(), 2);

        // Two analyses from the command line run on the same engines, which stay up.
        QTemporaryDir data;
        qc::DemoOptions demo;
        demo.readsPerFolder = 8;
        QVERIFY(!qc::writeDemoData(data.path(), demo));
        for (const QString &name : {u"first.json"_s, u"second.json"_s}) {
            const AppOutcome analyze =
                fixture::cli({u"analyze"_s, u"--profile"_s, u"term"_s, u"--json"_s, data.filePath(name), data.path()});
            QCOMPARE(analyze.exitCode, 0);
            QFile json(data.filePath(name));
            QVERIFY(json.open(QIODevice::ReadOnly));
            QSet<qint64> used;
            for (const QJsonValue sample : QJsonDocument::fromJson(json.readAll())[u"samples"].toArray())
                for (const QJsonValue engine : sample[u"engines"].toArray())
                    used.insert(engine[u"pid"].toInteger());
            QCOMPARE(used, engines);
        }
        QCOMPARE(fixture::enginePids(u"term"_s), engines);
        // Listed with no action in the window: it reads the running clusters every second.
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(window, u"term"_s), u"running"_s, 5000);
        QCOMPARE(cell(profiles, u"term"_s, ProfileListModel::ControllerColumn).toLongLong(), controller);
        QCOMPARE(cell(profiles, u"term"_s, ProfileListModel::EnginesColumn).toInt(), 2);

        panel->selectProfile(u"term"_s);
        QTRY_VERIFY(window.cluster()->isAttached());
        const EngineTableModel *table = panel->engineModel();
        QTRY_COMPARE(table->rowCount(), 2);
        QCOMPARE(tablePids(table), engines);
        QVERIFY2(panel->statusText().contains(u"terminal"_s), qPrintable(panel->statusText()));
        QVERIFY(!panel->clustersStartedHere().contains(u"term"_s));

        // The engine count acts on the same controller: the command line sees the third engine.
        panel->setEngineCount(3);
        QTRY_COMPARE_WITH_TIMEOUT(window.cluster()->connectedCount(), 3, 20000);
        const QSet<qint64> scaled = fixture::enginePids(u"term"_s);
        QCOMPARE(scaled.size(), 3);
        QVERIFY(scaled.contains(engines));
        QTRY_COMPARE(tablePids(table), scaled);
        QTRY_COMPARE(cell(profiles, u"term"_s, ProfileListModel::EnginesColumn).toInt(), 3);

        // Stop returns at once; the controller and every engine are gone a moment later.
        QPushButton *stop = button(&window, u"Stop the cluster"_s);
        QVERIFY(stop && stop->isEnabled());
        QElapsedTimer clock;
        clock.start();
        QTest::mouseClick(stop, Qt::LeftButton);
        QVERIFY2(clock.elapsed() < 500, qPrintable(QString::number(clock.elapsed())));
        QTRY_VERIFY_WITH_TIMEOUT(fixture::noClusterRuns(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(controller), 5000);
        for (qint64 pid : scaled)
            QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 5000);
        QTRY_COMPARE(statusOf(window, u"term"_s), u"stopped"_s);
        QCOMPARE(table->rowCount(), 0);
        QVERIFY(!panel->isRestartOffered()); // it stopped as asked
        QVERIFY(button(&window, u"Start the cluster"_s)->isEnabled());
    }

    void clusterOfAnUnsavedProfileHasARowWhileItRuns()
    {
        // Started by a terminal whose configuration has a profile this window does not know.
        QTemporaryDir otherConfig;
        QProcessEnvironment env = fixture::cliEnvironment();
        env.insert(u"XDG_CONFIG_HOME"_s, otherConfig.path());
        QCOMPARE(runApp({u"profile"_s, u"create"_s, u"elsewhere"_s, u"-n"_s, u"1"_s}, env).exitCode, 0);
        MainWindow window;
        window.show();
        const ProfileListModel *profiles = window.clustersPanel()->profileModel();
        const int saved = profiles->rowCount();
        QCOMPARE(profiles->rowOf(u"elsewhere"_s), -1);
        QCOMPARE(runApp({u"cluster"_s, u"start"_s, u"--profile"_s, u"elsewhere"_s, u"-n"_s, u"1"_s}, env).exitCode, 0);

        QTRY_COMPARE_WITH_TIMEOUT(profiles->rowCount(), saved + 1, 5000);
        const int row = profiles->rowOf(u"elsewhere"_s);
        QVERIFY(row >= saved && !profiles->isSaved(row));
        QCOMPARE(statusOf(window, u"elsewhere"_s), u"running"_s);
        QCOMPARE(cell(profiles, u"elsewhere"_s, ProfileListModel::ControllerColumn).toLongLong(),
                 fixture::controllerPid(u"elsewhere"_s));

        QVERIFY(succeeds({u"cluster"_s, u"stop"_s, u"--profile"_s, u"elsewhere"_s}));
        QTRY_COMPARE_WITH_TIMEOUT(profiles->rowOf(u"elsewhere"_s), -1, 5000);
    }

    void clusterStartedByTheWindowStopsWhenItCloses()
    {
        qint64 controller = 0;
        QSet<qint64> engines;
        {
            MainWindow window;
            window.show();
            ClustersPanel *panel = window.clustersPanel();
            panel->selectProfile(u"default"_s);
            panel->setKeepRunning(false);
            panel->setEngineCount(2);
            QSignalSpy ready(window.cluster(), &Cluster::ready);
            QTest::mouseClick(button(&window, u"Start the cluster"_s), Qt::LeftButton);
            QTRY_COMPARE(statusOf(window, u"default"_s), u"starting"_s);
            QVERIFY(ready.wait(30000));
            QTRY_COMPARE(window.cluster()->connectedCount(), 2);
            controller = window.cluster()->record().pid;
            // The command line sees the cluster the window started, with the same engines.
            QCOMPARE(fixture::controllerPid(u"default"_s), controller);
            engines = fixture::enginePids(u"default"_s);
            QCOMPARE(engines, tablePids(panel->engineModel()));
            QVERIFY(panel->clustersStartedHere().contains(u"default"_s));
            QVERIFY2(panel->statusText().contains(u"stops when the window closes"_s), qPrintable(panel->statusText()));
            QTRY_COMPARE(statusOf(window, u"default"_s), u"running"_s);
            window.close();
        }
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(controller), 5000);
        for (qint64 pid : std::as_const(engines))
            QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 5000);
        QVERIFY(fixture::noClusterRuns());
    }

    void clusterKeptRunningOutlivesTheWindow()
    {
        QVERIFY(createProfile(u"kept"_s, 1));
        qint64 controller = 0;
        {
            MainWindow window;
            window.show();
            ClustersPanel *panel = window.clustersPanel();
            panel->selectProfile(u"kept"_s);
            panel->setKeepRunning(false);
            QSignalSpy ready(window.cluster(), &Cluster::ready);
            panel->startCluster();
            QVERIFY(ready.wait(30000));
            controller = window.cluster()->record().pid;
            // Checked while it runs: the window no longer owns it.
            panel->setKeepRunning(true);
            QVERIFY2(panel->statusText().contains(u"keeps running after the window closes"_s),
                     qPrintable(panel->statusText()));
            window.close();
        }
        QTest::qWait(1500);
        QVERIFY(processAlive(controller));
        QCOMPARE(fixture::controllerPid(u"kept"_s), controller);
        {
            // Remembered for the profile; a new window attaches to the cluster, and does not own it.
            MainWindow window;
            window.show();
            window.clustersPanel()->selectProfile(u"kept"_s);
            QVERIFY(ClustersPanel::keepsRunning(u"kept"_s));
            QCheckBox *keep = window.findChild<QCheckBox *>();
            QVERIFY(keep && keep->isChecked());
            QTRY_VERIFY(window.cluster()->isAttached());
            QCOMPARE(window.cluster()->record().pid, controller);
            QVERIFY(!window.clustersPanel()->clustersStartedHere().contains(u"kept"_s));
            window.close();
        }
        QTest::qWait(700);
        QVERIFY(processAlive(controller));
        QVERIFY(succeeds({u"cluster"_s, u"stop"_s, u"--profile"_s, u"kept"_s}));
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(controller), 5000);
        QVERIFY(fixture::noClusterRuns());
    }

    // The owner watch: a window process that ends, even killed, takes its cluster with it.
    void windowProcessEndStopsItsClusterUnlessKeptRunning_data()
    {
        QTest::addColumn<bool>("keep");
        QTest::newRow("owned by the window") << false;
        QTest::newRow("kept running") << true;
    }

    void windowProcessEndStopsItsClusterUnlessKeptRunning()
    {
        QFETCH(bool, keep);
        const QString profile = keep ? u"gui-kept"_s : u"gui-owned"_s;
        QVERIFY(createProfile(profile, 1));
        QSettings().setValue(u"cluster/keepRunning/"_s + profile, keep); // the app's own settings
        QSettings().sync();
        QProcess gui;
        QProcessEnvironment env = fixture::cliEnvironment();
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        gui.setProcessEnvironment(env);
        gui.start(QStringLiteral(APP_PATH), {u"--profile"_s, profile, u"-n"_s, u"1"_s, u"--start"_s});
        QVERIFY(gui.waitForStarted());
        qint64 controller = 0;
        QTRY_VERIFY_WITH_TIMEOUT((controller = fixture::controllerPid(profile)) > 0, 30000);
        ::kill(pid_t(gui.processId()), SIGKILL);
        QVERIFY(gui.waitForFinished());
        if (keep) {
            QTest::qWait(1500);
            QVERIFY(processAlive(controller));
            QVERIFY(succeeds({u"cluster"_s, u"stop"_s, u"--profile"_s, profile}));
        }
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(controller), 3000);
        QVERIFY(fixture::noClusterRuns());
    }

    void killedControllerIsReportedAndRestarted()
    {
        QVERIFY(createProfile(u"crashy"_s, 2));
        QVERIFY(startFromTerminal(u"crashy"_s, 2));
        MainWindow window;
        window.show();
        ClustersPanel *panel = window.clustersPanel();
        panel->selectProfile(u"crashy"_s);
        QTRY_VERIFY(window.cluster()->isAttached());
        QTRY_COMPARE(window.cluster()->connectedCount(), 2);
        const qint64 controller = window.cluster()->record().pid;
        const QSet<qint64> engines = tablePids(panel->engineModel());
        QPushButton *restart = button(&window, u"Restart the cluster"_s);
        QVERIFY(restart && !restart->isVisible());

        QSignalSpy lost(window.cluster(), &Cluster::lost);
        ::kill(pid_t(controller), SIGKILL);
        QVERIFY(lost.wait(5000));
        QVERIFY(panel->isRestartOffered());
        QVERIFY2(panel->statusText().contains(u"killed or crashed"_s), qPrintable(panel->statusText()));
        QVERIFY(window.statusBar()->currentMessage().contains(u"killed or crashed"_s));
        QVERIFY(restart->isVisible() && restart->isEnabled());
        QTRY_COMPARE(statusOf(window, u"crashy"_s), u"stopped"_s);
        for (qint64 pid : engines) // engines end with their controller
            QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 5000);

        QTest::mouseClick(restart, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.cluster()->isAttached(), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(window.cluster()->connectedCount(), 2, 20000);
        const qint64 restarted = window.cluster()->record().pid;
        QVERIFY(restarted != controller && processAlive(restarted));
        QCOMPARE(fixture::controllerPid(u"crashy"_s), restarted);
        QVERIFY(!panel->isRestartOffered() && !restart->isVisible());
        QTRY_COMPARE(statusOf(window, u"crashy"_s), u"running"_s);
        // Started again by the window, it is now the window's and stops with it.
        QVERIFY(panel->clustersStartedHere().contains(u"crashy"_s));
        window.close();
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(restarted), 5000);
    }

    void startErrorsAreShownInThePanel()
    {
        MainWindow window;
        window.show();
        window.cluster()->setControllerProgram(u"/nonexistent/qualcluster"_s);
        window.clustersPanel()->selectProfile(u"default"_s);
        window.clustersPanel()->startCluster();
        QTRY_VERIFY(window.clustersPanel()->statusText().contains(u"/nonexistent/qualcluster"_s));
        QVERIFY(window.statusBar()->currentMessage().contains(u"/nonexistent/qualcluster"_s));
        QVERIFY(window.clustersPanel()->clustersStartedHere().isEmpty());
        QVERIFY(button(&window, u"Start the cluster"_s)->isEnabled());
    }
};

CLUSTER_TEST_MAIN(TestClustersPanel)
#include "tst_clusterspanel.moc"
