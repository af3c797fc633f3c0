/** Every refusal as RFC 9457 problem+json, with an {@code errors} array of {field, message} for invalid input. */
package cn.jiyuan.integrity.support.problems;
