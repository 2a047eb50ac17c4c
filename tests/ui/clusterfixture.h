// Window tests that start real clusters: private config and runtime folders for the test and every
// qualcluster it runs, so that no test sees, starts or stops the user's own clusters.
#pragma once

#include "apprun.h"
#include "processes.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

namespace fixture {

inline QString makePrivateFolder(const QString &path)
{
    QDir().mkpath(path);
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return path;
}

// The private folder that holds the test's config and runtime folders.
inline QString &testRoot()
{
    static QString root;
    return root;
}

// A fresh XDG_RUNTIME_DIR (0700): the clusters the next test starts are its own.
inline QString useNewRuntimeFolder()
{
    static int count = 0;
    QString folder = makePrivateFolder(testRoot() + QStringLiteral("/run-%1").arg(++count));
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(folder));
    return folder;
}

// The test process's own (private) folders, without a display: what `qualcluster cluster ...` gets.
inline QProcessEnvironment cliEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    return env;
}

inline AppOutcome cli(const QStringList &arguments)
{
    return runApp(arguments, cliEnvironment());
}

inline bool noClusterRuns()
{
    return cli({QStringLiteral("cluster"), QStringLiteral("list")}).out.trimmed() == u"No cluster is running.";
}

// `qualcluster cluster list --json`: the controller PID of `profile`'s cluster, 0 when none runs.
inline qint64 controllerPid(const QString &profile)
{
    const AppOutcome list = cli({QStringLiteral("cluster"), QStringLiteral("list"), QStringLiteral("--json")});
    const QJsonArray rows = QJsonDocument::fromJson(list.out.toUtf8()).array();
    for (const QJsonValue row : rows)
        if (row[u"profile"].toString() == profile)
            return row[u"controller_pid"].toInteger();
    return 0;
}

// `qualcluster cluster engines --profile P --json`: the PIDs of its engines that have not exited.
inline QSet<qint64> enginePids(const QString &profile)
{
    const AppOutcome engines = cli({QStringLiteral("cluster"), QStringLiteral("engines"), QStringLiteral("--profile"),
                                    profile, QStringLiteral("--json")});
    QSet<qint64> pids;
    const QJsonArray rows = QJsonDocument::fromJson(engines.out.toUtf8()).array();
    for (const QJsonValue row : rows)
        if (!row[u"state"].toString().startsWith(u"exited") && !row[u"state"].toString().startsWith(u"killed"))
            pids.insert(row[u"pid"].toInteger());
    return pids;
}

// An offscreen screen of `size` device pixels at `scale`, set before the QApplication exists (Qt's
// offscreen platform otherwise gives one of 800x600, smaller than any screen the window supports).
inline void useOffscreenScreen(const QString &folder, QSize size, int scale = 1)
{
    const QString path = folder + QStringLiteral("/screen.json");
    QFile file(path);
    const QJsonObject screen{{QStringLiteral("name"), QStringLiteral("test")},
                             {QStringLiteral("width"), size.width()},
                             {QStringLiteral("height"), size.height()},
                             {QStringLiteral("logicalDpi"), 96},
                             {QStringLiteral("logicalBaseDpi"), 96}};
    if (file.open(QIODevice::WriteOnly))
        file.write(QJsonDocument(QJsonObject{{QStringLiteral("screens"), QJsonArray{screen}}}).toJson());
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + QFile::encodeName(path));
    qputenv("QT_SCALE_FACTOR", QByteArray::number(scale));
}

} // namespace fixture

// QTEST_MAIN, with XDG_CONFIG_HOME, XDG_DATA_HOME (the run history) and XDG_RUNTIME_DIR set to
// private folders before anything reads them, and the app's names (so profiles and settings are
// where `qualcluster` keeps them).
#define CLUSTER_TEST_MAIN(TestClass)                                                                                   \
    int main(int argc, char *argv[])                                                                                   \
    {                                                                                                                  \
        QTemporaryDir folders(QDir::tempPath() + QStringLiteral("/qcui-XXXXXX"));                                      \
        if (!folders.isValid())                                                                                        \
            return 1;                                                                                                  \
        fixture::testRoot() = folders.path();                                                                          \
        const QString config = fixture::makePrivateFolder(folders.filePath(QStringLiteral("config")));                 \
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(config));                                                         \
        const QString data = fixture::makePrivateFolder(folders.filePath(QStringLiteral("data")));                     \
        qputenv("XDG_DATA_HOME", QFile::encodeName(data));                                                             \
        fixture::useNewRuntimeFolder();                                                                                \
        fixture::useOffscreenScreen(folders.path(), QSize(1920, 1080)); /* a desktop screen */                         \
        QApplication app(argc, argv);                                                                                  \
        app.setAttribute(Qt::AA_Use96Dpi, true);                                                                       \
        QCoreApplication::setOrganizationName(QStringLiteral("qualcluster"));                                          \
        QCoreApplication::setApplicationName(QStringLiteral("qualcluster"));                                           \
        TestClass test;                                                                                                \
        QTEST_SET_MAIN_SOURCE_PATH                                                                                     \
        return QTest::qExec(&test, argc, argv);                                                                        \
    }
