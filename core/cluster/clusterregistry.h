// Where running clusters are found: one small state file per profile with a running controller
// (its PID, socket, secret, start time), in a folder only the user can read.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

namespace qc {

// The version of the controller's client protocol, written into every state file so that a
// client can tell a controller of another QualCluster release before it connects.
inline constexpr int kControllerProtocolVersion = 1;

struct ClusterRecord
{
    QString profile;
    qint64 pid = 0; // the controller process
    QString socket; // its client socket, a full path
    QByteArray secret; // clients prove they may attach with it
    qint64 startedMs = 0; // since the epoch
    QString launcher = QStringLiteral("local");
    int engines = 0; // engines asked for at start
    int protocol = kControllerProtocolVersion;
};

class ClusterRegistry
{
public:
    // `folder` defaults to $XDG_RUNTIME_DIR/qualcluster, or <config>/run when that is unset.
    explicit ClusterRegistry(QString folder = {});

    static QString defaultFolder();
    QString folder() const { return m_folder; }
    QString statePath(const QString &profile) const;
    QString socketPath(const QString &profile) const;
    QString logPath(const QString &profile) const;

    // Creates the folder (0700) or checks that an existing one is the user's own and private.
    std::optional<QString> ensurePrivateFolder() const;
    // Written atomically, 0600.
    std::optional<QString> write(const ClusterRecord &record) const;
    // The profile's record, nullopt when it has none, or a sentence saying why it cannot be used.
    std::variant<std::nullopt_t, ClusterRecord, QString> read(const QString &profile) const;
    void remove(const QString &profile) const;

    // Records of live controllers. A record of a dead controller is removed; one that cannot be
    // read (corrupt, foreign, not private) is removed too, and each such is said in `notes`.
    QList<ClusterRecord> list(QStringList *notes = nullptr) const;
    // The running cluster of `profile`, cleaning its record when the controller is dead; the
    // sentence goes to `note` when a record was unusable.
    std::optional<ClusterRecord> running(const QString &profile, QString *note = nullptr) const;

    static bool controllerAlive(qint64 pid);

private:
    QString m_folder;
};

} // namespace qc
