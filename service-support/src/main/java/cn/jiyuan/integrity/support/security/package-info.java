/** Bearer JWT (API.md §Tokens): local HS256 or an external issuer, the caller's org and roles, 401/403 problems. */
package cn.jiyuan.integrity.support.security;
