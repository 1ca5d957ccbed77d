package dev.kgraph.model.json;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;
import tools.jackson.databind.module.SimpleModule;

/**
 * Calls the constructors that build records from their properties through a method handle made once per type.
 *
 * <p>Jackson 3 calls a multi-argument creator with {@code MethodHandle.invokeWithArguments}, which looks up a generic
 * method type, adapts the handle and spreads the arguments on every call: 2.5 % of all samples of the server at 64
 * clients, under every record read from Kafka. Here the constructor's handle is adapted to {@code (Object[])Object} when
 * the type's deserializer is built, and each call is one {@code invokeExact}. What the arguments go through is the same
 * ({@code asType}'s unboxing and casts), and so are the errors: a constructor that throws is reported as Jackson reports
 * it. Anything but a constructor (static factories, delegating creators) keeps Jackson's own instantiator.
 */
final class SpreadConstructors extends ValueInstantiators.Base {

    /** The module that installs these instantiators on a mapper. */
    static JacksonModule module() {
        return new SimpleModule("kgraph-spread-constructors") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                context.addValueInstantiators(new SpreadConstructors());
            }
        };
    }

    @Override
    public ValueInstantiator modifyValueInstantiator(DeserializationConfig config, BeanDescription.Supplier beanDesc,
            ValueInstantiator defaultInstantiator) {
        if (defaultInstantiator.getClass() == StdValueInstantiator.class
                && defaultInstantiator.canCreateFromObjectWith()
                && defaultInstantiator.getWithArgsCreator() instanceof AnnotatedConstructor creator) {
            var spread = spreader(creator.getAnnotated());
            if (spread != null) {
                return new Instantiator((StdValueInstantiator) defaultInstantiator, spread);
            }
        }
        return defaultInstantiator;
    }

    /** The constructor as {@code (Object[])Object}, or null where it cannot be reached (Jackson's path stays). */
    private static MethodHandle spreader(Constructor<?> constructor) {
        try {
            var handle = MethodHandles.lookup().unreflectConstructor(constructor);
            return handle.asSpreader(Object[].class, constructor.getParameterCount())
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (IllegalAccessException | IllegalArgumentException e) {
            return null;
        }
    }

    private static final class Instantiator extends StdValueInstantiator {
        private final MethodHandle spread;

        Instantiator(StdValueInstantiator base, MethodHandle spread) {
            super(base);
            this.spread = spread;
        }

        @Override
        public Object createFromObjectWith(DeserializationContext ctxt, Object[] args) {
            try {
                return spread.invokeExact(args);
            } catch (Exception e) {
                return ctxt.handleInstantiationProblem(_valueClass, args, rewrapCtorProblem(ctxt, e));
            } catch (Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
