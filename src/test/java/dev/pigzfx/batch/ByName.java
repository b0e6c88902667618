package dev.pigzfx.batch;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs each test of a class through the by-name path that macOS and Windows take, here on Linux
 * ({@code @ExtendWith(ByName.class)}), and back to descriptors after it.
 */
final class ByName implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        Original.byDescriptor = false;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Original.byDescriptor = true;
    }
}
