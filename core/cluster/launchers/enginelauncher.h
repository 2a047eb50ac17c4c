// How engines come to exist: as processes here, over ssh on other machines, or as Slurm jobs.
// The cluster knows launchers only through this interface; each kind lives in its own file.
#pragma once

#include "cluster/profilestore.h"
#include "protocol/transport.h"

#include <QObject>

#include <memory>

namespace qc {

class EngineHandle;

// What an engine needs to find and join its controller.
struct LaunchContext
{
    QString profile;
    QString serverName; // the local socket, for engines on this machine
    Endpoint address; // where engines on other machines connect (TLS over TCP)
    QByteArray secret;
    QString logFolder; // where a scheduler may write the jobs' output
};

class EngineLauncher : public QObject
{
    Q_OBJECT

public:
    // `localEngine` is this machine's qualcluster-engine, the default engine command everywhere.
    static std::unique_ptr<EngineLauncher> create(const Profile &profile, const QString &localEngine);

    virtual QString kind() const = 0;
    bool isRemote() const { return kind() != u"local"; }
    // Starts the engines (their ids were given by the cluster); each reports through its handle.
    virtual void launch(const QList<EngineHandle *> &engines, const LaunchContext &context) = 0;
    // After every engine was asked to quit and given its grace: ends what is left (cancels jobs).
    virtual void stopAll() {}
    // What launch() runs for `count` engines, for a person to read before starting.
    virtual QString script(int count, const LaunchContext &context) const = 0;

signals:
    void errorOccurred(const QString &message);

protected:
    // One word of a command line for a POSIX shell, quoted only when it needs to be.
    static QString shellQuote(const QString &word);
    // "host:port", or "host:<port>" in a preview made before the port is chosen.
    static QString addressText(const Endpoint &address);
};

} // namespace qc
