// The loopback services of ../shared/ci (a private sshd, a one-node Slurm) as tests find them:
// `.ci/run` starts them; without them a test skips, except under CI=true, where it fails.
#pragma once

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QtTest>

#include <optional>

namespace ciservices {

// The variables an env file of ../shared/ci exports ("export A=1 B=2").
inline QHash<QString, QString> readEnvFile(const QString &path)
{
    QHash<QString, QString> values;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return values;
    static const QRegularExpression pair(QStringLiteral("([A-Z_]+)=(\\S+)"));
    auto matches = pair.globalMatch(QString::fromUtf8(file.readAll()));
    while (matches.hasNext()) {
        const auto match = matches.next();
        values.insert(match.captured(1), match.captured(2));
    }
    return values;
}

inline QString folder(const char *variable, const char *name)
{
    const QString set = qEnvironmentVariable(variable);
    return set.isEmpty() ? QStringLiteral("/tmp/qualcluster-ci/") + QLatin1String(name) : set;
}

struct Ssh
{
    QString config; // an ssh_config with the host alias, key and known_hosts
    QString host;
};

inline std::optional<Ssh> ssh()
{
    const auto env = readEnvFile(folder("SSHD_CI_DIR", "sshd") + QStringLiteral("/sshd.env"));
    Ssh service{env.value(QStringLiteral("SSHD_CI_SSH_CONFIG")), env.value(QStringLiteral("SSHD_CI_HOST"))};
    if (service.config.isEmpty() || service.host.isEmpty())
        return std::nullopt;
    QProcess probe;
    probe.start(QStringLiteral("ssh"), {QStringLiteral("-F"), service.config, service.host, QStringLiteral("true")});
    if (!probe.waitForFinished(15000) || probe.exitCode() != 0)
        return std::nullopt;
    return service;
}

// SLURM_CONF of a running one-node Slurm, after checking that it answers.
inline std::optional<QString> slurm()
{
    const QString conf =
        readEnvFile(folder("SLURM_CI_DIR", "slurm") + QStringLiteral("/slurm.env")).value(QStringLiteral("SLURM_CONF"));
    if (conf.isEmpty())
        return std::nullopt;
    QProcess probe;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SLURM_CONF"), conf);
    probe.setProcessEnvironment(env);
    probe.start(QStringLiteral("sinfo"), {QStringLiteral("-h")});
    if (!probe.waitForFinished(15000) || probe.exitCode() != 0)
        return std::nullopt;
    return conf;
}

inline bool underCi()
{
    return qEnvironmentVariable("CI") == u"true";
}

} // namespace ciservices

// Skips the test when the service is missing, or fails it under CI=true.
#define REQUIRE_CI_SERVICE(found, what)                                                                                \
    do {                                                                                                               \
        if (!(found)) {                                                                                                \
            if (ciservices::underCi())                                                                                 \
                QFAIL(what " is not running: .ci/run starts it from ../shared/ci");                                    \
            QSKIP(what " is not running (../shared/ci starts it)");                                                    \
        }                                                                                                              \
    } while (false)
