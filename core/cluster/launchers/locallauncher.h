// Engines as processes of this machine, linked over a user-only local socket.
#pragma once

#include "enginelauncher.h"

namespace qc {

class LocalLauncher : public EngineLauncher
{
    Q_OBJECT

public:
    explicit LocalLauncher(QString engineProgram);

    QString kind() const override { return QStringLiteral("local"); }
    void launch(const QList<EngineHandle *> &engines, const LaunchContext &context) override;
    QString script(int count, const LaunchContext &context) const override;

private:
    QStringList arguments(int engineId, const LaunchContext &context) const;
    QString m_program;
};

} // namespace qc
