// Bytes gathered in a fixed buffer and written to a QIODevice a buffer at a time, so that a
// report of any size takes the same few hundred KB while it is written.
#pragma once

#include <QByteArrayView>
#include <QtGlobal>

#include <memory>

class QIODevice;

namespace qc {

class OutputBuffer
{
public:
    static constexpr qsizetype kDefaultCapacity = 256 * 1024;
    static constexpr qsizetype kMinimumCapacity = 256;

    // The device must be open for writing and outlive the buffer.
    explicit OutputBuffer(QIODevice *device, qsizetype capacity = kDefaultCapacity);
    ~OutputBuffer(); // writes what is left: call flush() first to know whether that worked
    OutputBuffer(const OutputBuffer &) = delete;
    OutputBuffer &operator=(const OutputBuffer &) = delete;

    // Room for `bytes` more (at most capacity() - 1, flushing first if needed): write them at the
    // pointer returned, then say where they ended with commit().
    char *reserve(qsizetype bytes)
    {
        Q_ASSERT(bytes < m_capacity);
        if (m_capacity - m_size < bytes)
            flushBuffer();
        return m_data.get() + m_size;
    }
    void commit(const char *end) { m_size = end - m_data.get(); }

    void put(char c)
    {
        if (m_size == m_capacity)
            flushBuffer();
        m_data[m_size++] = c;
    }
    void put(QByteArrayView bytes);

    qsizetype capacity() const { return m_capacity; }
    // Writes everything gathered; false if this or any earlier write to the device failed.
    bool flush();
    bool failed() const { return m_failed; }

private:
    void flushBuffer();
    void writeToDevice(const char *data, qsizetype size);

    QIODevice *m_device;
    std::unique_ptr<char[]> m_data;
    qsizetype m_capacity = 0;
    qsizetype m_size = 0;
    bool m_failed = false; // once a write fails, the rest is dropped
};

} // namespace qc
