package dev.tasker.loadtests.orchestrator;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConcurrentCreatesTest {

    @Test
    void createsEveryIndexOnceAndKeepsTheOrder() {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        Set<String> threads = ConcurrentHashMap.newKeySet();

        UUID[] created = ConcurrentCreates.create(200, 4, i -> {
            assertThat(seen.add(i)).as("index %d created twice", i).isTrue();
            threads.add(Thread.currentThread().getName());
            return new UUID(0, i);
        });

        assertThat(seen).hasSize(200);
        for (int i = 0; i < created.length; i++) {
            assertThat(created[i]).isEqualTo(new UUID(0, i));
        }
        assertThat(threads).hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void firstFailureStopsTheRunAndIsReported() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> ConcurrentCreates.create(10_000, 2, i -> {
            calls.incrementAndGet();
            if (i == 5) {
                throw new IllegalStateException("POST /v1/tasks answered 500");
            }
            return UUID.randomUUID();
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("POST /v1/tasks answered 500");
        assertThat(calls.get()).isLessThan(10_000);
    }
}
