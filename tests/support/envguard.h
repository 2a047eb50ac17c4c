// An environment variable set for one scope: the previous value (or its absence) comes back
// when the scope ends, also when a failed QVERIFY or QCOMPARE returns early.
#pragma once

#include <QByteArray>
#include <QtGlobal>

class EnvGuard
{
public:
    EnvGuard(const char *name, const QByteArray &value)
        : m_name(name)
        , m_wasSet(qEnvironmentVariableIsSet(name))
        , m_previous(qgetenv(name))
    {
        qputenv(name, value);
    }

    ~EnvGuard() { restore(); }

    EnvGuard(const EnvGuard &) = delete;
    EnvGuard &operator=(const EnvGuard &) = delete;

    // Restores the previous value now; the destructor then does nothing.
    void restore()
    {
        if (m_restored)
            return;
        m_restored = true;
        if (m_wasSet)
            qputenv(m_name.constData(), m_previous);
        else
            qunsetenv(m_name.constData());
    }

private:
    QByteArray m_name;
    bool m_wasSet;
    QByteArray m_previous;
    bool m_restored = false;
};
