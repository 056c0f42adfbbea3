package dev.callbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** DATABASE_URL in the forms platforms hand out becomes a JDBC URL with the credentials lifted out. */
class DatabaseUrlTest {

    @Test
    void aPostgresUrlBecomesJdbcWithDecodedCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://app:p%40ss%3Aword@db.internal:6543/calls?sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/calls?sslmode=require");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("p@ss:word");
        assertThat(url.schema()).isNull();
    }

    @Test
    void aPostgresqlUrlWithoutPortGetsTheDefault() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://app@localhost/calls?currentSchema=cb");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/calls?currentSchema=cb");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isNull();
        assertThat(url.schema()).isEqualTo("cb");
    }

    @Test
    void aJdbcUrlKeepsItsHostsButLosesItsPassword() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://h1:5432,h2:5432/calls?user=app&password=s3cret&ssl=true");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5432,h2:5432/calls?ssl=true");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("s3cret");
        assertThat(url.target()).isEqualTo("h1:5432,h2:5432/calls");
        assertThat(url.toString()).doesNotContain("s3cret");
    }

    @Test
    void otherSchemesAndBrokenUrlsAreRejectedNamingTheVariableButNotThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://app:s3cret@h/db"))
                .hasMessageContaining("DATABASE_URL").hasMessageContaining("'mysql'").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://app:s3cret@h/db with space"))
                .hasMessageContaining("DATABASE_URL").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> DatabaseUrl.parse(" ")).hasMessageContaining("DATABASE_URL is not set");
    }
}
