// Running the real `qualcluster` command from a test, headless and with its own config folder.
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

struct AppOutcome
{
    int exitCode = -1; // -1 when it crashed or did not finish in time
    QString out;
    QString err;
};

// Its own config, data and runtime folders: the test neither sees nor starts the user's clusters,
// and its runs go into a run history of its own.
inline QProcessEnvironment headlessEnvironment(const QString &configHome)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), configHome);
    env.insert(QStringLiteral("XDG_DATA_HOME"), configHome + QStringLiteral("/data"));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), configHome + QStringLiteral("/runtime"));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    return env;
}

inline AppOutcome runApp(const QStringList &arguments, const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(APP_PATH), arguments);
    AppOutcome outcome;
    if (!process.waitForFinished(120000))
        return outcome;
    outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    outcome.out = QString::fromUtf8(process.readAllStandardOutput());
    outcome.err = QString::fromUtf8(process.readAllStandardError());
    return outcome;
}
