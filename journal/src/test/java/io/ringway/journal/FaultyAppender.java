package io.ringway.journal;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.UnaryOperator;

/**
 * Wraps Chronicle's appender so a document's close fails where a full disk would, before or after
 * the document became readable, and so reading the queue back can fail too. For
 * {@link Journal#openDecorated}; shared with the engine's tests.
 *
 * <p>What it models and what it does not: {@link Fault#AFTER_COMPLETING} runs Chronicle's whole
 * close and then throws, the outcome of an index write failing after the header was completed (the
 * document is readable). {@link Fault#BEFORE_COMPLETING} throws without closing, so the rollback
 * that follows really rolls back; a real close that fails before completing the header marks the
 * context closed anyway (Chronicle's cleanup runs in a finally), which leaves an incomplete header
 * for Chronicle's own recovery. Neither fails from inside Chronicle's code.
 */
public final class FaultyAppender implements UnaryOperator<ExcerptAppender>
{
    /** Where the next document's close fails. */
    public enum Fault
    {
        NONE, BEFORE_COMPLETING, AFTER_COMPLETING
    }

    private Fault nextClose = Fault.NONE;
    private boolean readBackFails;

    /** The next document's close throws, once: the rollback's close after it goes through. */
    public void failNextClose(final Fault fault)
    {
        nextClose = fault;
    }

    /** From now on, asking the queue for its last index throws. */
    public void failReadBack()
    {
        readBackFails = true;
    }

    @Override
    public ExcerptAppender apply(final ExcerptAppender real)
    {
        return proxy(ExcerptAppender.class, (method, args) ->
        {
            if (method.getName().equals("writingDocument") && method.getReturnType() == DocumentContext.class)
            {
                return faulty((DocumentContext)invoke(real, method, args));
            }
            if (method.getName().equals("queue") && method.getParameterCount() == 0)
            {
                final ChronicleQueue queue = (ChronicleQueue)invoke(real, method, args);
                return proxy(ChronicleQueue.class, (queueMethod, queueArgs) ->
                {
                    if (readBackFails && queueMethod.getName().equals("lastIndex"))
                    {
                        throw new IllegalStateException("the queue cannot be read");
                    }
                    return invoke(queue, queueMethod, queueArgs);
                });
            }
            return invoke(real, method, args);
        });
    }

    private DocumentContext faulty(final DocumentContext real)
    {
        return proxy(DocumentContext.class, (method, args) ->
        {
            if (method.getName().equals("close") && nextClose != Fault.NONE)
            {
                final Fault fault = nextClose;
                nextClose = Fault.NONE;
                if (fault == Fault.AFTER_COMPLETING)
                {
                    real.close();
                }
                throw new IllegalStateException("No space left on device (" + fault + ")");
            }
            return invoke(real, method, args);
        });
    }

    private interface Handler
    {
        Object handle(Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(final Class<T> type, final Handler handler)
    {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
            (self, method, args) -> handler.handle(method, args)));
    }

    private static Object invoke(final Object target, final Method method, final Object[] args) throws Throwable
    {
        try
        {
            return method.invoke(target, args);
        }
        catch (final InvocationTargetException ex)
        {
            throw ex.getCause();
        }
    }
}
